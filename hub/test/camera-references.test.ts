import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJson, topicFor, type CameraReference, type Command, type PayloadOf } from '@camwatch/config';
import { postgresTarget } from './support/databases.ts';
import { StationScript } from './support/fixtures.ts';
import { counter, HubHarness, publish, until } from './support/hub-harness.ts';

const H1 = '1111111111111111';
const H2 = '2222222222222222';
const H3 = '3333333333333333';

/**
 * The hub's copy of each camera's reference (kept for a reinstalled agent): who may set it, which
 * report wins, when the hub gives it back, and how an accepted view answers an aim flag. The agent
 * side and the whole loop on a real camera are in edge-agent/test/core-references.test.ts and
 * scripts/test/camera-reference-e2e.test.ts.
 */
describe('camera references at the hub', () => {
  const h = new HubHarness('aedes', postgresTarget());
  let st1: MqttClient;
  const script = new StationScript('ST-1');
  const commands: Command[] = [];
  const t0 = Date.now() - 60_000;

  beforeAll(async () => {
    await h.start();
    st1 = await h.station('ST-1', { clean: true });
    st1.on('message', (_t, payload) => {
      const d = decodeJson('command', payload);
      if (d.ok) commands.push(d.value);
    });
    await st1.subscribeAsync(topicFor('command', { stationId: 'ST-1' }), { qos: 1 });
  });
  afterAll(() => h.stop());

  const report = async (cameraId: string, reference: CameraReference, ts: number, replay = false) => {
    const event: PayloadOf<'event'> = {
      stationId: 'ST-1',
      bootId: script.bootId,
      seq: ++script.seq,
      ts,
      replay,
      kind: 'reference_updated',
      cameraId,
      message: 'reference',
      gap: null,
      reference,
    };
    await publish(st1, 'event', { stationId: 'ST-1' }, event);
    await settled();
  };
  /** Everything ST-1 sent so far is through the ingest: a health sample sent after it is stored. */
  const settled = async () => {
    const health = script.health(Date.now());
    await publish(st1, 'health', { stationId: 'ST-1' }, health);
    await until(
      async () =>
        (await h.hub.db.query('SELECT 1 FROM health_samples WHERE boot_id = $1 AND seq = $2', [health.bootId, health.seq])).rowCount === 1,
      10_000,
      'ingest settled',
    );
  };
  const held = async (cameraId: string) =>
    (
      await h.hub.db.query<{ frame_hash: string | null; picture: string | null; origin: string }>(
        'SELECT frame_hash, picture, origin FROM camera_references WHERE camera_id = $1',
        [cameraId],
      )
    ).rows[0] ?? null;

  it('keeps the view a station reports for its own camera, and refuses one it reports for another station’s', async () => {
    await report('ST-1-C1', { frameHash: H1, picture: '{"version":1,"day":null,"night":null}', origin: 'learnt' }, t0);
    expect(await held('ST-1-C1')).toEqual({ frame_hash: H1, picture: '{"version":1,"day":null,"night":null}', origin: 'learnt' });
    const before = await counter(h.hub.metrics.rejected, { reason: 'camera_not_of_station' });
    await report('ST-2-C1', { frameHash: H3, picture: null, origin: 'accepted' }, t0);
    expect(await held('ST-2-C1')).toBeNull();
    expect(await counter(h.hub.metrics.rejected, { reason: 'camera_not_of_station' })).toBe(before + 1);
  });

  it('lets only a person’s acceptance replace a held view; a learnt report refines the same view; an older one changes nothing', async () => {
    // A replacement box's first look at a turned camera: the held view stays.
    await report('ST-1-C1', { frameHash: H2, picture: null, origin: 'learnt' }, t0 + 1_000);
    expect((await held('ST-1-C1'))!.frame_hash).toBe(H1);
    await report('ST-1-C1', { frameHash: H2, picture: null, origin: 'accepted' }, t0 + 2_000);
    expect(await held('ST-1-C1')).toMatchObject({ frame_hash: H2, origin: 'accepted' });
    await report('ST-1-C1', { frameHash: H2, picture: '{"version":1,"day":null,"night":null}', origin: 'accepted' }, t0 + 3_000);
    expect((await held('ST-1-C1'))!.picture).toBe('{"version":1,"day":null,"night":null}');
    // Replayed from an outbox after a newer one arrived live.
    await report('ST-1-C1', { frameHash: H3, picture: null, origin: 'accepted' }, t0 + 1_500, true);
    expect((await held('ST-1-C1'))!.frame_hash).toBe(H2);
  });

  it('clears an aim flag once a view accepted after it has been taken, not when the old one is merely dropped', async () => {
    await h.hub.db.query(
      "INSERT INTO camera_aim_flags (camera_id, note, flagged_by, flagged_at) VALUES ('ST-1-C2', 'faces a wall', 'police', $1)",
      [new Date(t0 + 4_000)],
    );
    await report('ST-1-C2', { frameHash: null, picture: null, origin: 'accepted' }, t0 + 5_000);
    expect((await h.hub.db.query("SELECT 1 FROM camera_aim_flags WHERE camera_id = 'ST-1-C2'")).rowCount).toBe(1);
    await report('ST-1-C2', { frameHash: H3, picture: null, origin: 'accepted' }, t0 + 6_000);
    expect((await h.hub.db.query("SELECT 1 FROM camera_aim_flags WHERE camera_id = 'ST-1-C2'")).rowCount).toBe(0);
  });

  it('sends the held view back on a birth that has none, and nothing for a camera that has one (or an agent too old to say)', async () => {
    const birth = (cameras: { cameraId: string; hasReference?: boolean }[]): PayloadOf<'birth'> => ({
      ...script.birth(Date.now()),
      cameras: cameras.map((c) => ({ make: 'x', model: 'y', firmware: null, onvif: false, streamHost: null, ...c })),
    });
    // Has its own, or an agent too old to say.
    await publish(st1, 'birth', { stationId: 'ST-1' }, birth([{ cameraId: 'ST-1-C1', hasReference: true }, { cameraId: 'ST-1-C2' }]));
    await settled();
    // A restore is published just after its batch commits: give it the time the positive case below needs.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(commands).toEqual([]);

    await publish(
      st1,
      'birth',
      { stationId: 'ST-1' },
      birth([
        { cameraId: 'ST-1-C1', hasReference: false },
        { cameraId: 'ST-1-C2', hasReference: false },
      ]),
    );
    await until(() => commands.length >= 2, 10_000, 'restore commands');
    expect(commands.map((c) => [c.kind, c.cameraId, c.reference?.frameHash, c.reference?.origin]).sort()).toEqual([
      ['restore_reference', 'ST-1-C1', H2, 'restored'],
      ['restore_reference', 'ST-1-C2', H3, 'restored'],
    ]);
    // Recorded as the hub's own commands, outside the per-station limit people's commands have.
    const rows = await h.hub.db.query<{ issued_by: string | null }>(
      "SELECT issued_by FROM station_commands WHERE station_id = 'ST-1' AND kind = 'restore_reference'",
    );
    expect(rows.rows.map((r) => r.issued_by)).toEqual([null, null]);
  });
});
