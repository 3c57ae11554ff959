// A whole agent core in its own process, so a test can SIGKILL it like a power cut.
import { startAgentCore } from '../../src/core/agent-core.ts';
import { SqliteOutboxStore } from '../../src/outbox/sqlite-outbox-store.ts';
import { camera, FakeProber, FixedHealth } from './fake-parts.ts';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};
const stationId = env('AGENT_STATION');
const store = new SqliteOutboxStore(env('AGENT_DB'));
const outbox = store.forStation(stationId);
const core = startAgentCore({
  stationId,
  // No will delay: these tests kill the process and expect the Last Will at once (the delay has its own test, mqtt-will-delay).
  mqtt: { url: env('AGENT_BROKER'), reconnectMinMs: 100, reconnectMaxMs: 400, willDelayS: 0 },
  prober: new FakeProber(),
  health: new FixedHealth(),
  cameras: [camera(`${stationId}-C1`)],
  outbox,
  intervals: { healthMs: Number(env('AGENT_HEALTH_MS')), probeMs: 1_000, snapshotMs: 60_000 },
  agentVersion: 'child-test',
});
process.stdout.write(`boot ${core.bootId}\n`);
const timer = setInterval(() => {
  const s = core.stats();
  process.stdout.write(
    `stats ${JSON.stringify({ connected: s.connected, pending: s.outbox.pending, seq: outbox.seq, acked: s.pump.acked })}\n`,
  );
}, 100);
process.once('SIGTERM', () => {
  clearInterval(timer);
  void core.stop().then(() => {
    store.close();
    process.exit(0);
  });
});
