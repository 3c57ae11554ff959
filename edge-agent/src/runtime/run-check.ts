import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCheckReport, type ReportSink } from '../check-report/index.ts';
import { both } from '../check-report/report-text.ts';
import { cameraTargetsFrom } from '../config/camera-targets.ts';
import { newDevicesOnly } from '../core/camera-dedupe.ts';
import { loadAgentConfig } from '../config/load-agent-config.ts';
import { SqliteOutboxStore } from '../outbox/sqlite-outbox-store.ts';
import { parseReference, type PictureReference } from '../picture/picture-reference.ts';
import { createLogger } from './run-agent.ts';
import { discoveryFrom, proberFrom } from './real-parts.ts';

const DISCOVERY_BUDGET_MS = 15_000;
const NO_CREDENTIALS = {
  vi: 'Trạm chưa có thông tin đăng nhập broker: chạy camwatch-agent claim MÃ --hub https://… (mã lấy trên trang của trạm).',
  en: "The station has no broker credentials yet: run camwatch-agent claim CODE --hub https://… (code from the station's page).",
};

/**
 * `camwatch-agent --check`: the on-site report for the technician, from the same configuration
 * and prober as the service. Uses the service's reference pictures when it has some (so "view
 * changed" means the same thing), saves each snapshot for a look. Exit 0 when no camera is down.
 */
export async function runCheck(
  configFile: string,
  out: ReportSink,
  env: NodeJS.ProcessEnv = process.env,
  notes: { noCredentials?: boolean } = {},
): Promise<number> {
  const { config } = loadAgentConfig(configFile, env);
  // The cameras can be checked before the station is claimed; it just cannot report yet.
  if (notes.noCredentials) out.write(`${both(NO_CREDENTIALS)}\n\n`);
  const logger = createLogger('error').child({ stationId: config.stationId, mode: 'check' });
  const prober = proberFrom(config, logger);
  const targets = cameraTargetsFrom(config);
  const discovery = discoveryFrom(config, logger);
  if (discovery) {
    const found = await discovery.discover(AbortSignal.timeout(DISCOVERY_BUDGET_MS));
    // A configured camera that discovery finds again is checked once, under its configured id.
    targets.push(...newDevicesOnly(targets, found));
  }
  const references = new Map<string, string>();
  const pictureReferences = new Map<string, PictureReference>();
  const dbPath = join(config.outbox.dir, 'outbox.db');
  if (existsSync(dbPath)) {
    const store = new SqliteOutboxStore(dbPath);
    try {
      const outbox = store.forStation(config.stationId);
      for (const t of targets) {
        const hash = outbox.getReference(t.cameraId);
        if (hash) references.set(t.cameraId, hash);
        const picture = outbox.getPictureReference(t.cameraId);
        // A damaged row only means --check judges that camera by the fixed thresholds, as a new camera is.
        if (picture) {
          try {
            pictureReferences.set(t.cameraId, parseReference(picture));
          } catch (err) {
            out.write(`${t.cameraId}: ${(err as Error).message}\n`);
          }
        }
      }
    } finally {
      store.close();
    }
  }
  const snapshotDir = join(config.outbox.dir, 'check');
  const result = await runCheckReport(targets, prober, out, {
    snapshotDir,
    timeoutMs: config.checks.timeoutMs,
    referenceHashes: references,
    pictureReferences,
  });
  out.write(`\nẢnh chụp / Snapshots: ${snapshotDir}\n`);
  return result.down > 0 ? 1 : 0;
}
