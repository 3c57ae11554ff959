import { AgentConfigError, loadAgentConfig } from '../config/load-agent-config.ts';
import { both } from '../check-report/report-text.ts';
import { ClaimError, claimStation, type ClaimOptions } from './claim-station.ts';

export type ClaimRequest = Omit<ClaimOptions, 'hubUrl'> & { hubUrl: string | undefined };

interface Sink {
  write(text: string): unknown;
}

const NO_HUB = {
  vi: 'Thiếu địa chỉ hub: thêm --hub https://… (hoặc biến CAMWATCH_HUB_URL).',
  en: 'The hub address is missing: add --hub https://… (or set CAMWATCH_HUB_URL).',
};

/** The CLI's claim: prints what happened and the next step in both languages; exit 0, 3 (fix the input) or 4 (try later). */
export async function runClaim(req: ClaimRequest, out: Sink): Promise<number> {
  if (!req.hubUrl) {
    out.write(`${both(NO_HUB)}\n`);
    return 3;
  }
  try {
    const creds = await claimStation({ ...req, hubUrl: req.hubUrl });
    out.write(
      [
        `Đã nhận trạm ${creds.stationId}; thông tin đăng nhập broker đã lưu vào ${req.envFile} (chỉ root đọc được).`,
        `Station ${creds.stationId} claimed; its broker credentials are saved in ${req.envFile} (readable by root only).`,
        'Tiếp theo / Next: systemctl restart camwatch-agent && camwatch-agent --check',
        '',
      ].join('\n'),
    );
    return 0;
  } catch (err) {
    if (!(err instanceof ClaimError)) throw err;
    out.write(`${both(err.text)}\n`);
    return err.exitCode;
  }
}

/** Whether the station already has a broker password (from the file or the environment). */
export function hasBrokerPassword(configFile: string, env: NodeJS.ProcessEnv): boolean {
  try {
    return Boolean(loadAgentConfig(configFile, env).config.mqtt.password);
  } catch (err) {
    if (err instanceof AgentConfigError) return Boolean(env.CAMWATCH_MQTT__PASSWORD);
    throw err;
  }
}
