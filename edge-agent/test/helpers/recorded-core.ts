import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stationPublishFilter } from '@camwatch/config';
import { MosquittoServer } from '@camwatch/testkit';
import { startAgentCore } from '../../src/core/agent-core.ts';
import type { AgentCore, AgentCoreOptions } from '../../src/core/agent-core-types.ts';
import { SqliteOutboxStore } from '../../src/outbox/sqlite-outbox-store.ts';
import { FixedHealth } from './fake-parts.ts';
import { MqttRecorder, waitUntil } from './mqtt-recorder.ts';

/** What a test chooses about the core; the station, broker and outbox come from the rig. */
export type RecordedCoreOptions = Omit<AgentCoreOptions, 'stationId' | 'mqtt' | 'outbox' | 'health'> &
  Partial<Pick<AgentCoreOptions, 'health'>> & {
    /** Runs on the opened outbox file before the core is built on it (leave a backlog, fill the disk…). */
    beforeStart?: (store: SqliteOutboxStore) => void;
  };

export interface RecordedCore {
  broker: MosquittoServer;
  /** A hub-side subscriber on everything the station publishes, connected before the core starts. */
  recorder: MqttRecorder;
  core: AgentCore;
  /** Stops the core, closes its outbox and the recorder, destroys the broker and the temp dir. */
  stop(): Promise<void>;
}

/**
 * One real agent core against a private Mosquitto, its outbox in a temp SQLite file, with a
 * recorder listening as the hub would; resolves once the core is connected. Anything started
 * before a failure is torn down again.
 */
export async function startRecordedCore(stationId: string, options: RecordedCoreOptions): Promise<RecordedCore> {
  const broker = new MosquittoServer();
  const dir = mkdtempSync(join(tmpdir(), 'camwatch-core-'));
  let store: SqliteOutboxStore | undefined;
  let recorder: MqttRecorder | undefined;
  let core: AgentCore | undefined;
  const stop = async (): Promise<void> => {
    await core?.stop();
    store?.close();
    await recorder?.close();
    await broker.destroy();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await broker.start();
    recorder = await MqttRecorder.open(broker.url, stationPublishFilter(stationId), `test-hub-${stationId}`);
    store = new SqliteOutboxStore(join(dir, 'outbox.db'));
    const { beforeStart, ...coreOptions } = options;
    beforeStart?.(store);
    core = startAgentCore({
      health: new FixedHealth(),
      ...coreOptions,
      stationId,
      mqtt: { url: broker.url, reconnectMinMs: 100, reconnectMaxMs: 300 },
      outbox: store.forStation(stationId),
    });
    const started = core;
    await waitUntil('connected', () => started.stats().connected);
    return { broker, recorder, core, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
