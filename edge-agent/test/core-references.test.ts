import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeJson, encodeMessage, topicFor, type CameraReference, type Command } from '@camwatch/config';
import { camera, FakeProber } from './helpers/fake-parts.ts';
import { waitUntil, type MqttRecorder } from './helpers/mqtt-recorder.ts';
import { startRecordedCore, type RecordedCore } from './helpers/recorded-core.ts';

const STATION = 'ST-REF';
const CAM = 'REF-C1';
/** The fake prober's deep-probe frame hash: the view the agent learns. */
const SEEN = '0f0f0f0f0f0f0f0f';
const HELD = 'a5a5a5a5a5a5a5a5';
const prober = new FakeProber();
let rig: RecordedCore;
let recorder: MqttRecorder;

beforeAll(async () => {
  rig = await startRecordedCore(STATION, {
    prober,
    cameras: [camera(CAM)],
    intervals: { healthMs: 600_000, probeMs: 1_000, statusRefreshMs: 600_000, snapshotMs: 600_000 },
    agentVersion: 'ref-test',
  });
  ({ recorder } = rig);
});
afterAll(() => rig?.stop());

async function send(kind: Command['kind'], extra: Partial<Command> = {}) {
  const command: Command = { commandId: randomUUID(), kind, cameraId: CAM, issuedAt: Date.now(), expiresAt: Date.now() + 60_000, ...extra };
  await recorder.client.publishAsync(topicFor('command', { stationId: STATION }), encodeMessage('command', command), { qos: 1 });
  await waitUntil(`reply to ${kind}`, () => recorder.of('commandReply').some((m) => m.json.commandId === command.commandId));
  const reply = decodeJson('commandReply', recorder.of('commandReply').find((m) => m.json.commandId === command.commandId)!.body);
  if (!reply.ok) throw new Error('reply does not match the contract');
  return reply.value;
}

/** The references the agent reported for the hub to keep, in order. */
const reported = (): CameraReference[] =>
  recorder
    .of('event')
    .map((m) => decodeJson('event', m.body))
    .flatMap((d) => (d.ok && d.value.kind === 'reference_updated' && d.value.reference ? [d.value.reference] : []));

it('reports the view it learns, with the reference, for the hub to keep; its birth said it had none', async () => {
  await waitUntil('reference learnt', () => reported().length >= 1);
  expect(reported()[0]).toMatchObject({ frameHash: SEEN, origin: 'learnt' });
  // Parseable by the agent itself: what the hub gives back after a reinstall.
  expect(JSON.parse(reported()[0]!.picture!)).toMatchObject({ version: 1 });
  const birth = decodeJson('birth', recorder.of('birth')[0]!.body);
  expect(birth.ok && birth.value.cameras[0]!.hasReference).toBe(false);
});

it("takes the hub's reference over a view learnt since this boot, and refuses one it cannot read", async () => {
  const bad = await send('restore_reference', { reference: { frameHash: HELD, picture: '{"version":7}', origin: 'restored' } });
  expect(bad).toMatchObject({ ok: false });
  expect(bad.message).toMatch(/unreadable/);
  const restored = await send('restore_reference', { reference: { frameHash: HELD, picture: null, origin: 'restored' } });
  expect(restored).toMatchObject({ ok: true, message: `camera ${CAM}: reference restored from the hub` });
  expect(rig.core.stats().connected).toBe(true);
  // Restored, the view is no longer "learnt this boot": a second copy changes nothing.
  const again = await send('restore_reference', { reference: { frameHash: SEEN, picture: null, origin: 'restored' } });
  expect(again.message).toBe(`camera ${CAM}: kept the reference this station has learnt meanwhile`);
});

it('accepts the current view on command: the old one is dropped (and said so), the new one taken and reported', async () => {
  const before = reported().length;
  const reply = await send('accept_reference');
  expect(reply).toMatchObject({ ok: true, message: `camera ${CAM}: the current view is now the reference` });
  await waitUntil('the new reference reported', () => reported().length >= before + 2);
  expect(reported().slice(before)).toEqual([
    expect.objectContaining({ frameHash: null, origin: 'accepted' }),
    expect.objectContaining({ frameHash: SEEN, origin: 'accepted' }),
  ]);
  // A view a person accepted is not replaced by the hub's older copy.
  expect((await send('restore_reference', { reference: { frameHash: HELD, picture: null, origin: 'restored' } })).message).toMatch(/kept/);
});

it('refuses to take the view of a camera that is down, and says the next good picture becomes the reference', async () => {
  prober.verdicts.set(CAM, { status: 'down', cause: 'unreachable', detail: 'connect ECONNREFUSED', stream: null, picture: null });
  const reply = await send('accept_reference');
  expect(reply.ok).toBe(false);
  expect(reply.message).toMatch(/is down \(unreachable\) now.*next good picture/);
  const before = reported().length;
  prober.verdicts.delete(CAM);
  await waitUntil('the next good picture taken as the reference', () => reported().length > before);
  expect(reported().at(-1)).toMatchObject({ frameHash: SEEN, origin: 'accepted' });
});
