import { localDateToTs, topicFor } from '@camwatch/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysOwed } from '../src/alerts/alert-digest.ts';
import { AlertRepository } from '../src/alerts/alert-repository.ts';
import { InventoryWriteRepository } from '../src/inventory/inventory-write-repository.ts';
import type { Db } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { MIGRATIONS } from '../src/db/migrations/index.ts';
import { decodeMessage } from '../src/ingest/decode-message.ts';
import type { IngestItem } from '../src/ingest/ingest-types.ts';
import { IngestWriter } from '../src/ingest/ingest-writer.ts';
import { importInventory } from '../src/inventory/inventory-import.ts';
import { nextLiveness, type Liveness } from '../src/status/status-rules.ts';
import { postgresTarget } from './support/databases.ts';
import { smallInventory, StationScript } from './support/fixtures.ts';
import { HubHarness } from './support/hub-harness.ts';

const HOUR = 3_600_000;
const scopeOf = (...units: string[]) => ({ all: false as const, units: new Set(units) });

describe('hub correctness on real PostgreSQL', () => {
  const h = new HubHarness('aedes', postgresTarget());
  let db: Db;
  let writer: IngestWriter;
  beforeAll(async () => {
    await h.start();
    db = h.hub.db;
    await migrate(db, MIGRATIONS);
    writer = new IngestWriter(h.hub.status, h.hub.snapshots);
  });
  afterAll(() => h.stop());

  const item = <K extends IngestItem['kind']>(
    kind: K,
    payload: Extract<IngestItem, { kind: K }>['payload'],
    receivedAt: number,
    retained = false,
  ) =>
    ({
      kind,
      stationId:
        (payload as { stationId?: string; meta?: { stationId: string } }).stationId ??
        (payload as { meta: { stationId: string } }).meta.stationId,
      receivedAt,
      retained,
      payload,
    }) as IngestItem;
  const liveness = async (id: string) =>
    (await db.query<{ state: string }>('SELECT state FROM station_liveness WHERE station_id = $1', [id])).rows[0]?.state;
  const openOutageStart = async (id: string) =>
    (
      await db.query<{ started_at: Date }>(
        `SELECT started_at FROM station_status_intervals WHERE station_id = $1 AND ended_at IS NULL AND status = 'offline'`,
        [id],
      )
    ).rows[0]?.started_at.getTime();

  it('2. an open alert follows its station to its new commune: listed, read and live there, not in the old one', async () => {
    const alerts = new AlertRepository(db);
    const condition = {
      rule: 'station_offline' as const,
      subject: 'station:ST-2',
      stationId: 'ST-2',
      cameraId: null,
      unitId: 'LA-BL-PL',
      since: Date.now() - HOUR,
      message: 'Trạm ST-2 mất kết nối',
      params: { stationName: 'ST-2', since: Date.now() - HOUR },
    };
    const [opened] = await db.transaction((tx) => alerts.apply(tx, [{ kind: 'open', condition, severity: 'critical' }], Date.now()));
    const id = opened!.alertId;
    expect((await alerts.list(scopeOf('LA-BL-PL'), 'open', 50)).map((a) => a.alertId)).toContain(String(id));

    expect(await new InventoryWriteRepository(db).moveStation('ST-2', 'LA-BL-TT', Date.now())).toBe('moved');
    expect((await alerts.list(scopeOf('LA-BL-TT'), 'open', 50)).map((a) => a.alertId)).toContain(String(id));
    expect((await alerts.list(scopeOf('LA-BL-PL'), 'open', 50)).map((a) => a.alertId)).not.toContain(String(id));
    expect(await alerts.item(id, scopeOf('LA-BL-PL'))).toBeNull();
    // What the live feed sends: the item read with the whole province in scope carries the station's unit now.
    expect(await alerts.item(id, scopeOf('LA-BL-TT'))).toMatchObject({ unitId: 'LA-BL-TT', unitName: 'Thị trấn Bến Lức' });
  });

  it('3. a redelivered online and duplicate messages do not resurrect a station whose Last Will was processed', async () => {
    const st = new StationScript('ST-3', 'boot-ST-3-will');
    const t0 = Date.now() - 10 * 60_000;
    const health = st.health(t0 + 1000);
    await writer.write(db, [item('state', st.state('online', t0, 1), t0), item('health', health, t0 + 1000)]);
    expect(await liveness('ST-3')).toBe('online');
    await writer.write(db, [item('state', st.state('offline', t0, 1), t0 + 60_000)]);
    expect(await liveness('ST-3')).toBe('offline');
    const outageStart = await openOutageStart('ST-3');
    expect(outageStart).toBe(t0 + 60_000);

    // A crash between commit and PUBACK, or the second hub catching up: the same messages again, later.
    await writer.write(db, [item('state', st.state('online', t0, 1), t0 + 120_000), item('health', health, t0 + 120_000)]);
    expect(await liveness('ST-3')).toBe('offline');
    expect(await openOutageStart('ST-3')).toBe(outageStart);
    // The retained copy on a resubscribe: no life either.
    await writer.write(db, [item('state', st.state('online', t0, 1), t0 + 180_000, true)]);
    expect(await liveness('ST-3')).toBe('offline');
    // A real reconnect (next connection) does bring it back.
    await writer.write(db, [item('state', st.state('online', t0 + 200_000, 2), t0 + 200_000)]);
    expect(await liveness('ST-3')).toBe('online');
  });

  it('3b. liveness rules: a retained online is no fresh life; a Last Will of an earlier boot is stale even before any state was seen', () => {
    const cur: Liveness = { state: 'online', bootId: 'boot-b', connectionId: 4, lastSeenAt: 1_000, changedAt: 500 };
    const retained = nextLiveness(cur, { kind: 'state', state: 'online', bootId: 'boot-b', connectionId: 4, at: 9_000, retained: true });
    expect(retained.liveness?.lastSeenAt).toBe(1_000);
    // Heard only through messages (no state yet): their boot is known, so a will of an older boot is ignored.
    const viaMessage = nextLiveness(null, { kind: 'message', at: 2_000, bootId: 'boot-new' });
    const will = nextLiveness(viaMessage.liveness, {
      kind: 'state',
      state: 'offline',
      bootId: 'boot-old',
      connectionId: 1,
      at: 3_000,
      retained: true,
    });
    expect(will.transition).toBeNull();
    expect(will.liveness?.state).toBe('online');
  });

  it('4. an outage repaired at exactly local midnight invalidates the closed day before', async () => {
    const day = '2026-03-10';
    const midnight = localDateToTs('2026-03-11');
    const cam = 'ST-1-C1';
    await db.query(
      `INSERT INTO camera_status_intervals (camera_id, station_id, status, cause, started_at) VALUES ($1, 'ST-1', 'down', 'unreachable', $2)`,
      [cam, new Date(midnight - 2 * HOUR)],
    );
    for (const d of [day, '2026-03-11']) {
      await db.query(
        `INSERT INTO camera_uptime_days (camera_id, day, unit_id, station_id, first_part, scope_ms, up_ms, degraded_ms, down_ms, no_data_ms, maintenance_ms, failures, resolved_outages, resolved_outage_ms)
        VALUES ($1, $2, 'LA-BL-PL', 'ST-1', true, 0, 0, 0, 0, 0, 0, 0, 0, 0)`,
        [cam, d],
      );
    }
    await db.query(`UPDATE camera_status_intervals SET ended_at = $2 WHERE camera_id = $1 AND ended_at IS NULL`, [cam, new Date(midnight)]);
    const left = await db.query<{ day: string }>(`SELECT day::text AS day FROM camera_uptime_days WHERE camera_id = $1 ORDER BY day`, [
      cam,
    ]);
    expect(left.rows.map((r) => r.day)).toEqual([]);
  });

  it('5. unit history starts at local midnight of the install day, whatever the session time zone', async () => {
    const inv = smallInventory();
    inv.stations = [{ ...inv.stations[0]!, id: 'ST-TZ', installedAt: '2024-06-01' }];
    inv.cameras = [];
    await db.transaction(async (tx) => {
      await tx.query(`SET LOCAL TimeZone = 'UTC'`);
      await importInventory(
        tx,
        { ...inv, stations: [...smallInventory().stations, ...inv.stations], cameras: smallInventory().cameras },
        new Date(),
      );
    });
    const r = await db.query<{ valid_from: Date }>(`SELECT valid_from FROM station_unit_history WHERE station_id = 'ST-TZ'`);
    expect(r.rows[0]!.valid_from.getTime()).toBe(localDateToTs('2024-06-01'));

    const write = new InventoryWriteRepository(db);
    await db.query(`ALTER DATABASE ${(await db.query<{ d: string }>('SELECT current_database() AS d')).rows[0]!.d} SET TimeZone = 'UTC'`);
    await write.createStation(
      {
        id: 'ST-TZ2',
        name: 'Trạm TZ',
        unitId: 'LA-BL-PL',
        address: 'Ấp 2',
        lat: 10.6,
        lon: 106.5,
        installedAt: '2024-06-02',
        funding: 'community',
      },
      Date.parse('2025-01-01T00:00:00Z'),
    );
    const r2 = await db.query<{ valid_from: Date }>(`SELECT valid_from FROM station_unit_history WHERE station_id = 'ST-TZ2'`);
    expect(r2.rows[0]!.valid_from.getTime()).toBe(localDateToTs('2024-06-02'));
  });

  it('6. each (station, boot, seq) is stored once: the same ids with another ts or kind are duplicates with a conflicting payload', async () => {
    const st = new StationScript('ST-1', 'boot-ST-1-seq');
    const t = Date.now() - 5 * 60_000;
    const first = st.status('ST-1-C2', t, 'ok');
    const again = { ...first, ts: t + 30_000, status: 'down' as const, cause: 'unreachable' as const };
    const asHealth = { ...st.health(t + 40_000), seq: first.seq };
    const out1 = await writer.write(db, [item('cameraStatus', first, t)]);
    expect(out1.stored.cameraStatus).toBe(1);
    const out2 = await writer.write(db, [item('cameraStatus', again, t + 30_000), item('health', asHealth, t + 40_000)]);
    expect(out2.stored).toEqual({});
    expect(out2.duplicates).toEqual({ cameraStatus: 1, health: 1 });
    expect(out2.conflicting).toEqual({ cameraStatus: 1, health: 1 });
    const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM camera_status_samples WHERE boot_id = 'boot-ST-1-seq'`);
    expect(rows.rows[0]!.n).toBe(1);
    const down = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM camera_status_intervals WHERE camera_id = 'ST-1-C2' AND status = 'down'`,
    );
    expect(down.rows[0]!.n).toBe(0);
    // A birth repeats the last seq issued, whose data message may still be in the outbox: it claims nothing.
    const next = st.health(t + 60_000);
    const birth = { ...st.birth(t + 55_000), seq: next.seq };
    await writer.write(db, [item('birth', birth, t + 55_000, true)]);
    const out4 = await writer.write(db, [item('health', next, t + 60_000)]);
    expect(out4.stored).toEqual({ health: 1 });
    // A plain redelivery (same kind, same ts) is a duplicate, not a conflict.
    const out3 = await writer.write(db, [item('cameraStatus', first, t + 50_000)]);
    expect(out3.duplicates).toEqual({ cameraStatus: 1 });
    expect(out3.conflicting).toEqual({});
  });

  it('7. duplicates inside one batch: the first to arrive with a key is stored, whatever its kind; later ones are duplicates, conflicting when kind or ts differ', async () => {
    const st = new StationScript('ST-1', 'boot-ST-1-inbatch');
    const t = Date.now() - 4 * 60_000;
    const a = st.status('ST-1-C3', t, 'ok');
    const b = st.status('ST-1-C3', t + 1_000, 'ok');
    const bLater = { ...b, ts: t + 2_000, status: 'down' as const, cause: 'unreachable' as const };
    // Another kind reusing a's key, after it: the camera status (which arrived first) keeps the key.
    const aAsHealth = { ...st.health(t + 3_000), seq: a.seq };
    const out = await writer.write(db, [
      item('cameraStatus', a, t),
      item('cameraStatus', a, t + 10),
      item('cameraStatus', b, t + 1_000),
      item('health', aAsHealth, t + 3_000),
      item('cameraStatus', bLater, t + 2_000),
    ]);
    expect(out.stored).toEqual({ cameraStatus: 2 });
    expect(out.duplicates).toEqual({ cameraStatus: 2, health: 1 });
    expect(out.conflicting).toEqual({ cameraStatus: 1, health: 1 });
    const kinds = await db.query<{ seq: number; kind: string; ts: Date }>(
      `SELECT seq, kind, ts FROM message_keys WHERE boot_id = 'boot-ST-1-inbatch' ORDER BY seq`,
    );
    expect(kinds.rows.map((r) => [r.seq, r.kind, r.ts.getTime()])).toEqual([
      [a.seq, 'cameraStatus', t],
      [b.seq, 'cameraStatus', t + 1_000],
    ]);
    const health = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM health_samples WHERE boot_id = 'boot-ST-1-inbatch'`);
    expect(health.rows[0]!.n).toBe(0);
    const statuses = await db.query<{ status: string }>(
      `SELECT status FROM camera_status_samples WHERE boot_id = 'boot-ST-1-inbatch' ORDER BY seq`,
    );
    expect(statuses.rows.map((r) => r.status)).toEqual(['ok', 'ok']);
    // The conflicting duplicate's "down" made no interval.
    const down = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM camera_status_intervals WHERE camera_id = 'ST-1-C3' AND status = 'down'`,
    );
    expect(down.rows[0]!.n).toBe(0);
    // The same batch again (a redelivery after a crash before the PUBACKs): nothing new, and only the other-kind/other-ts ones conflict.
    const again = await writer.write(db, [item('cameraStatus', a, t + 20_000), item('health', aAsHealth, t + 20_000)]);
    expect(again.stored).toEqual({});
    expect(again.duplicates).toEqual({ cameraStatus: 1, health: 1 });
    expect(again.conflicting).toEqual({ health: 1 });
  });

  it('8. a sample is stored from its JSON as received, every field as decoded: nulls, JSON columns, 12.0 for an integer, escapes', async () => {
    const t = Date.now() - 3 * 60_000;
    const boot = 'boot-ST-1-raw';
    const decode = (kind: 'cameraStatus' | 'health', topic: string, json: string) => {
      const d = decodeMessage(topic, Buffer.from(json), t + 7, false);
      if (!d.ok || !('item' in d)) throw new Error(`not decoded: ${JSON.stringify(d)}`);
      expect(d.item.kind).toBe(kind);
      return d.item;
    };
    // As an agent's JSON may spell it: 12.0 for an integer, a \u escape, a lone surrogate, an é written raw.
    const status = decode(
      'cameraStatus',
      topicFor('cameraStatus', { stationId: 'ST-1', cameraId: 'ST-1-C4' }),
      `{"stationId":"ST-1","bootId":"${boot}","seq":1,"ts":${t},"replay":true,"cameraId":"ST-1-C4","status":"degraded","cause":"blurred",` +
        `"detail":"tr\u00e9 \\"q\\" \\u00e9 \\ud800 x","stream":{"codec":"h264","width":1920,"height":1080,"fps":25,"bitrateKbps":2048},` +
        `"picture":null,"checkMs":12.0}`,
    );
    const health = decode(
      'health',
      topicFor('health', { stationId: 'ST-1' }),
      // Sent on as received (no escape in it), 3600.0 included.
      JSON.stringify({ ...new StationScript('ST-1', boot).health(t + 1), seq: 2, tempC: null, byteBudget: 5_000_000 }).replace(
        '"uptimeS":3600,',
        '"uptimeS":3600.0,',
      ),
    );
    expect(health.raw?.toString()).toContain('3600.0');
    // Bytes that are not UTF-8 (0xC3 then '('): decoded with U+FFFD as before, not sent on as received (jsonb would refuse them).
    const json = (detail: string) =>
      `{"stationId":"ST-1","bootId":"${boot}","seq":3,"ts":${t + 2},"replay":false,"cameraId":"ST-1-C4","status":"ok","cause":null,` +
      `"detail":"${detail}","stream":null,"picture":null,"checkMs":5}`;
    const [before, after] = json('|').split('|') as [string, string];
    const bad = decodeMessage(
      topicFor('cameraStatus', { stationId: 'ST-1', cameraId: 'ST-1-C4' }),
      Buffer.concat([Buffer.from(`${before}bad `), Buffer.from([0xc3, 0x28]), Buffer.from(` x${after}`)]),
      t + 7,
      false,
    );
    if (!bad.ok || !('item' in bad)) throw new Error(`not decoded: ${JSON.stringify(bad)}`);
    const out = await writer.write(db, [status, health, bad.item]);
    expect(out.stored).toEqual({ cameraStatus: 2, health: 1 });
    const badRow = await db.query<{ detail: string }>(`SELECT detail FROM camera_status_samples WHERE boot_id = $1 AND seq = 3`, [boot]);
    expect(badRow.rows[0]!.detail).toBe('bad \ufffd( x');
    const row = (
      await db.query<Record<string, unknown>>(
        `SELECT station_id, boot_id, seq, ts, received_at, replay, camera_id, status, cause, detail, stream, picture, check_ms
           FROM camera_status_samples WHERE boot_id = $1 AND seq = 1`,
        [boot],
      )
    ).rows[0]!;
    expect({ ...row, ts: (row.ts as Date).getTime(), received_at: (row.received_at as Date).getTime() }).toEqual({
      station_id: 'ST-1',
      boot_id: boot,
      seq: 1,
      ts: t,
      received_at: t + 7,
      replay: true,
      camera_id: 'ST-1-C4',
      status: 'degraded',
      cause: 'blurred',
      detail: 'tr\u00e9 "q" \u00e9 \ufffd x',
      stream: { codec: 'h264', width: 1920, height: 1080, fps: 25, bitrateKbps: 2048 },
      picture: null,
      check_ms: 12,
    });
    const h1 = (
      await db.query<Record<string, unknown>>(
        `SELECT seq, temp_c, cpu_pct, uptime_s, byte_budget, bytes_projected_today, snapshot_mode FROM health_samples WHERE boot_id = $1`,
        [boot],
      )
    ).rows[0]!;
    expect(h1).toEqual({
      seq: 2,
      temp_c: null,
      cpu_pct: 12.5,
      uptime_s: 3600,
      byte_budget: 5_000_000,
      bytes_projected_today: null,
      snapshot_mode: null,
    });
  });
});

describe('daily digest days owed', () => {
  const at = (date: string, hour: number) => localDateToTs(date) + hour * HOUR;
  it('catches up a day that had no evaluation pass between 07:00 and midnight', () => {
    // Last digest made for the 8th; the hub was down all of the 10th: on the 11th at 08:00 the 9th and 10th are owed.
    expect(daysOwed('2026-03-08', at('2026-03-11', 8), 7)).toEqual(['2026-03-09', '2026-03-10']);
    // Before 07:00 the day before yesterday is owed, yesterday not yet.
    expect(daysOwed('2026-03-08', at('2026-03-11', 3), 7)).toEqual(['2026-03-09']);
    expect(daysOwed('2026-03-10', at('2026-03-11', 8), 7)).toEqual([]);
    // A commune never sent one gets only the latest due day, and a long outage at most a week.
    expect(daysOwed(undefined, at('2026-03-11', 8), 7)).toEqual(['2026-03-10']);
    expect(daysOwed('2026-01-01', at('2026-03-11', 8), 7)).toHaveLength(7);
  });
});
