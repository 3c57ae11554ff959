import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stationPublishFilter } from '@camwatch/config';
import { MosquittoServer } from '@camwatch/testkit';
import { killHard, spawnTsx, waitForOutput } from './helpers/spawn-tsx.ts';
import { MqttRecorder, sequenceReport, waitUntil } from './helpers/mqtt-recorder.ts';
import { openReadOnly } from './helpers/sqlite-file.ts';

const STATION = 'ST-KILL';
const broker = new MosquittoServer();
const dir = mkdtempSync(join(tmpdir(), 'camwatch-crash-'));
const dbPath = join(dir, 'outbox.db');
let recorder: MqttRecorder;
const children: ReturnType<typeof spawnTsx>[] = [];
beforeAll(async () => {
  await broker.start();
  recorder = await MqttRecorder.open(broker.url, stationPublishFilter(STATION), 'test-hub-crash');
});
afterAll(async () => {
  await Promise.all(children.map(killHard));
  await recorder?.close();
  await broker.destroy();
  rmSync(dir, { recursive: true, force: true });
});

function startAgent() {
  const child = spawnTsx('edge-agent/test/helpers/agent-child.ts', [], {
    AGENT_STATION: STATION,
    AGENT_DB: dbPath,
    AGENT_BROKER: broker.url,
    AGENT_HEALTH_MS: '50',
  });
  children.push(child);
  let bootId = '';
  let stats = { connected: false, pending: 0, seq: 0, acked: 0 };
  child.stdout?.on('data', (d: Buffer) => {
    const text = d.toString();
    const m = /boot (\S+)/.exec(text);
    if (m && !bootId) bootId = m[1]!;
    const lines = [...text.matchAll(/stats (\{.*\})/g)];
    if (lines.length > 0) stats = JSON.parse(lines[lines.length - 1]![1]!) as typeof stats;
  });
  return { child, bootId: () => bootId, stats: () => stats };
}

const pendingRows = () => {
  const db = openReadOnly(dbPath);
  try {
    return (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
  } finally {
    db.close();
  }
};
const lastSeqOf = (bootId: string) => {
  const db = openReadOnly(dbPath);
  try {
    return (db.prepare('SELECT last_seq AS s FROM boots WHERE boot_id = ?').get(bootId) as { s: number }).s;
  } finally {
    db.close();
  }
};

it('birth is retained; SIGKILL fires the Last Will as retained offline; the restarted agent loses nothing and resends nothing acknowledged', async () => {
  const first = startAgent();
  await waitForOutput(first.child, 'stats');
  await waitUntil('live samples of boot 1', () => recorder.data(first.bootId()).length >= 30);
  // A client arriving now still gets the retained birth and `online`.
  const late = await MqttRecorder.open(broker.url, stationPublishFilter(STATION), 'test-late-1');
  await waitUntil('retained birth and state', () => late.of('birth').length > 0 && late.of('state').length > 0);
  // (Its schema is checked in core-commands.test.ts; here the 50 ms test cadence is below the contract's minimum.)
  expect(late.of('birth')[0]).toMatchObject({
    retained: true,
    json: { bootId: first.bootId(), agentVersion: 'child-test', cameras: [{ cameraId: `${STATION}-C1`, streamHost: '127.0.0.1:8554' }] },
  });
  expect(late.of('state')[0]!.json.state).toBe('online');
  await late.close();

  // An outage: the agent keeps writing to its outbox…
  await broker.stop();
  await waitUntil('a backlog', () => first.stats().pending >= 60);
  // …the broker returns, and the agent is killed in the middle of replaying the backlog.
  await broker.start();
  await waitUntil('replay under way', () => first.stats().connected && first.stats().acked > 0);
  await new Promise((r) => setTimeout(r, 300));
  await killHard(first.child);
  await waitUntil('the Last Will', () => recorder.of('state').some((m) => m.json.state === 'offline' && m.json.bootId === first.bootId()));
  const afterKill = await MqttRecorder.open(broker.url, stationPublishFilter(STATION), 'test-late-2');
  await waitUntil('retained offline', () => afterKill.of('state').length > 0);
  expect(afterKill.of('state')[0]).toMatchObject({ retained: true, json: { state: 'offline', bootId: first.bootId() } });
  await afterKill.close();

  const pendingAtKill = pendingRows();
  const boot1LastSeq = lastSeqOf(first.bootId());
  expect(pendingAtKill).toBeGreaterThan(0);
  const mark = recorder.messages.length;
  const second = startAgent();
  await waitForOutput(second.child, 'stats');
  await waitUntil(
    'boot 1 backlog replayed',
    () => pendingRows() === 0 || sequenceReport(recorder.data(first.bootId())).seqs.length >= boot1LastSeq,
    30_000,
  );
  await waitUntil('boot 1 complete', () => sequenceReport(recorder.data(first.bootId())).seqs.length >= boot1LastSeq, 30_000);
  await waitUntil('boot 2 data', () => recorder.data(second.bootId()).length > 0);
  second.child.kill('SIGTERM');
  await new Promise((r) => second.child.once('exit', r));

  const boot1 = sequenceReport(recorder.data(first.bootId()));
  // Nothing lost: every seq boot 1 ever committed reached the subscriber…
  expect(boot1.seqs).toEqual(Array.from({ length: boot1LastSeq }, (_v, i) => i + 1));
  // After the reconnect boot 1's live samples went ahead of its backlog: each stream keeps its own order.
  expect(sequenceReport(recorder.data(first.bootId()).filter((m) => m.json.replay === true)).inOrder).toBe(true);
  expect(sequenceReport(recorder.data(first.bootId()).filter((m) => m.json.replay === false)).inOrder).toBe(true);
  // …and only what was unacknowledged at the kill came twice (at most the in-flight window).
  expect(boot1.duplicates).toBeLessThanOrEqual(20);
  const sentByBoot2 = recorder.messages.slice(mark).filter((m) => m.json.bootId === first.bootId());
  expect(sentByBoot2.length).toBeGreaterThanOrEqual(pendingAtKill);
  expect(sentByBoot2.every((m) => m.json.replay === true)).toBe(true);
  const boot2 = sequenceReport(recorder.data(second.bootId()));
  expect(boot2.seqs[0]).toBe(1);
  expect(second.bootId()).not.toBe(first.bootId());
  console.info(
    `crash: boot 1 committed ${boot1LastSeq} messages, ${pendingAtKill} pending at SIGKILL, all ${boot1.seqs.length} received, ${boot1.duplicates} duplicates, ${sentByBoot2.length} replayed by boot 2`,
  );
});
