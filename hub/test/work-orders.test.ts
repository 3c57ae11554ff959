import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkOrder, WorkOrderAssignableUsers, WorkOrderList, WorkOrderReport } from '@camwatch/config';
import { AlertEngine } from '../src/alerts/alert-engine.ts';
import { importInventory } from '../src/inventory/inventory-import.ts';
import { UptimeService } from '../src/uptime/index.ts';
import { HubEnvError, hubOptionsFromEnv } from '../src/hub-env.ts';
import { workOrderVerifyJob } from '../src/jobs/work-order-verify-job.ts';
import type { WorkOrderPolicy } from '../src/work-orders/work-order-service.ts';
import { startHarness, type Harness } from './api-support/api-harness.ts';
import { FIXTURE } from './api-support/fixture-inventory.ts';
import { seedStatus } from './api-support/seed-status.ts';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Work orders against a real PostgreSQL: the alert engine opens them (one per fault, however the
 * camera flaps), people move them through the rule table (illegal moves answer 409 with why),
 * the verification job verifies a repair that held, a returning fault reopens it, and every
 * route is limited to the caller's area. Time is driven by inserting status history and
 * passing `now` to the engine and the job.
 */
describe('work orders: from fault alert to verified repair', () => {
  let h: Harness;
  let engine: AlertEngine;
  /** The hub's verification job, run once at a chosen time. */
  let verifyAt: (t: number) => Promise<number>;
  let T: number;
  let downSince: number;
  const policy: WorkOrderPolicy = { verifyAfterMs: 24 * HOUR, reopenWithinMs: 14 * DAY };

  const orders = async (faultKey: string) =>
    (
      await h.db.query<{ id: number; state: string; alert_id: number | null; reopen_count: number }>(
        'SELECT id::int AS id, state, alert_id::int AS alert_id, reopen_count FROM work_orders WHERE fault_key = $1 ORDER BY id',
        [faultKey],
      )
    ).rows;
  /** Ends the camera's open interval at `at` and opens one with `status` from then. */
  const cameraBecomes = async (cam: string, status: 'ok' | 'down', at: number) => {
    await h.db.query('UPDATE camera_status_intervals SET ended_at = $2 WHERE camera_id = $1 AND ended_at IS NULL', [cam, iso(at)]);
    await h.db.query('INSERT INTO camera_status_intervals (camera_id, station_id, status, cause, started_at) VALUES ($1, $2, $3, $4, $5)', [
      cam,
      cam.slice(0, 7),
      status,
      status === 'down' ? 'unreachable' : null,
      iso(at),
    ]);
  };
  const get = async (user: string, id: number) => {
    const r = await h.request('GET', `/api/work-orders/${id}`, { user });
    return { status: r.statusCode, body: r.json() as WorkOrder & { message?: string } };
  };

  beforeAll(async () => {
    h = await startHarness({ liveFeedPollMs: null });
    // Re-import with C1 marked as a border commune: the import carries the flag.
    await importInventory(
      h.db,
      { ...FIXTURE, units: FIXTURE.units.map((u) => (u.id === 'C1' ? { ...u, border: true } : u)) },
      new Date('2024-01-02T00:00:00Z'),
    );
    T = Date.now();
    ({ downSince } = await seedStatus(h.db, h.deps.snapshots, T));
    const log = pino({ level: 'silent' });
    let clock = 0;
    const job = workOrderVerifyJob(h.db, log, policy, () => clock);
    verifyAt = (t) => {
      clock = t;
      return job();
    };
    engine = new AlertEngine({ db: h.db, log, registry: new Registry(), uptime: new UptimeService(h.db), workOrderPolicy: policy });
  });

  afterAll(async () => {
    await engine?.stop();
    await h?.close();
  });

  it('opens one order per fault from the alerts, with priority, payer, due date and the picture before the fault', async () => {
    await engine.evaluate(T);
    const cam = await orders('camera:ST-C1-A-2');
    const station = await orders('station:ST-C2-A');
    expect(cam).toHaveLength(1);
    expect(station).toHaveLength(1);
    // A healthy camera has none.
    expect(await orders('camera:ST-C3-A-1')).toHaveLength(0);

    const o = (await get('admin', cam[0]!.id)).body;
    expect(o).toMatchObject({
      state: 'new',
      source: 'alert',
      cause: 'unreachable',
      stationId: 'ST-C1-A',
      unitId: 'C1',
      payer: 'community',
    });
    // QL1 and a border commune: urgent, due in a day.
    expect(o.priority).toBe('urgent');
    expect(o.dueAt).toBe(T + DAY);
    // The last snapshot before the camera went down (two hours before T, not the one ten minutes ago).
    const before = await h.db.query<{ id: number }>(
      "SELECT id::int AS id FROM snapshots WHERE camera_id = 'ST-C1-A-2' AND ts < $1 ORDER BY ts DESC LIMIT 1",
      [iso(downSince)],
    );
    expect(o.beforeSnapshotId).toBe(before.rows[0]!.id);
    expect(o.beforeSnapshot?.url).toMatch(/^\/api\/snapshots\//);
    expect(o.history?.map((e) => e.to)).toEqual(['new']);

    const s = (await get('admin', station[0]!.id)).body;
    // QL1 only (C2 is no border commune): high.
    expect(s).toMatchObject({ cameraId: null, cause: 'station_offline', priority: 'high' });
  });

  it('keeps one open order while the camera flaps (alert resolved and reopened three times)', async () => {
    let t = T;
    for (let i = 0; i < 3; i++) {
      await cameraBecomes('ST-C1-A-2', 'ok', t + MIN);
      await engine.evaluate(t + 2 * MIN); // cleared
      await engine.evaluate(t + 5 * MIN); // resolved after its 120 s hysteresis
      await cameraBecomes('ST-C1-A-2', 'down', t + 6 * MIN);
      await engine.evaluate(t + 25 * MIN); // down 19 min > 15 min: the alert reopens
      t += 30 * MIN;
    }
    const reopened = await h.db.query<{ n: number }>(
      "SELECT reopen_count AS n FROM alerts WHERE rule = 'camera_down' AND subject = 'camera:ST-C1-A-2'",
    );
    expect(reopened.rows[0]!.n).toBe(3);
    expect(await orders('camera:ST-C1-A-2')).toHaveLength(1);
  });

  it('lets PostgreSQL itself refuse a second open order for a fault, and the API answers 409', async () => {
    await expect(
      h.db.query(
        `INSERT INTO work_orders (fault_key, station_id, camera_id, source, state, priority, payer, opened_at, updated_at)
         VALUES ('camera:ST-C1-A-2', 'ST-C1-A', 'ST-C1-A-2', 'manual', 'new', 'normal', 'community', now(), now())`,
      ),
    ).rejects.toThrow(/work_orders_one_open_per_fault_idx/);
    const r = await h.request('POST', '/api/work-orders', { user: 'commune1', body: { stationId: 'ST-C1-A', cameraId: 'ST-C1-A-2' } });
    expect(r.statusCode).toBe(409);
    expect(r.json().message).toMatch(/already open .*one open order per fault/);
  });

  it('moves an order through the rule table and refuses illegal moves with 409 and the reason', async () => {
    const id = (await orders('camera:ST-C1-A-2'))[0]!.id;
    const move = (to: string, user = 'commune1') => h.request('POST', `/api/work-orders/${id}/transitions`, { user, body: { to } });

    // "Assigned" needs an assignee.
    expect((await move('assigned')).statusCode).toBe(400);
    const patched = await h.request('PATCH', `/api/work-orders/${id}`, {
      user: 'commune1',
      body: { assignee: { kind: 'contractor', name: 'Anh Tư điện lạnh', phone: '0909 123 456' }, notes: 'thay nguồn', costVnd: 850_000 },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      state: 'assigned',
      costVnd: 850_000,
      payer: 'community',
      nextStates: ['in_progress', 'repaired', 'cancelled'],
    });

    const verified = await move('verified');
    expect(verified.statusCode).toBe(409);
    expect(verified.json().message).toMatch(/cannot go from "Đã giao" \(assigned\) to "Đã xác minh" \(verified\).*hub verifies/);
    expect((await move('in_progress')).statusCode).toBe(200);
    expect((await move('repaired')).statusCode).toBe(200);
    const back = await move('new');
    expect(back.statusCode).toBe(409);
    expect(back.json().message).toMatch(/cannot go from "Đã sửa" \(repaired\) to "Mới" \(new\)/);
    expect((await get('commune1', id)).body.state).toBe('repaired');

    // Every write audited, with the move.
    const audit = await h.db.query<{ action: string; detail: { to?: string } }>(
      "SELECT action, detail FROM audit_log WHERE target_kind = 'work_order' AND target_id = $1 ORDER BY id",
      [String(id)],
    );
    expect(audit.rows.map((a) => `${a.action}${a.detail.to ? `:${a.detail.to}` : ''}`)).toEqual([
      'work_order.update',
      'work_order.transition:in_progress',
      'work_order.transition:repaired',
    ]);
  });

  it('verifies a repair once the camera has been ok for the period, and reopens it when the fault returns', async () => {
    const id = (await orders('camera:ST-C1-A-2'))[0]!.id;
    const okAt = T + 2 * HOUR;
    await cameraBecomes('ST-C1-A-2', 'ok', okAt);
    expect(await verifyAt(okAt + 23 * HOUR)).toBe(0);
    expect((await get('admin', id)).body.state).toBe('repaired');
    expect(await verifyAt(okAt + 25 * HOUR)).toBe(1);
    const v = (await get('admin', id)).body;
    expect(v.state).toBe('verified');
    expect(v.verifiedAt).toBe(okAt + 25 * HOUR);
    // The "after" picture is the newest snapshot of the camera.
    expect(v.afterSnapshotId).not.toBeNull();
    expect(v.afterSnapshotId).not.toBe(v.beforeSnapshotId);

    // Three days later the same camera dies again: the verified order reopens, no new one opens.
    const back = okAt + 3 * DAY;
    await engine.evaluate(okAt + 10 * MIN); // the ok camera's alert clears…
    await engine.evaluate(okAt + 15 * MIN); // …and resolves
    await cameraBecomes('ST-C1-A-2', 'down', back);
    await engine.evaluate(back + 20 * MIN);
    const rows = await orders('camera:ST-C1-A-2');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'reopened', reopen_count: 1 });
    expect((await get('admin', id)).body.history?.map((e) => `${e.to}:${e.by ?? 'hub'}`)).toEqual([
      'new:hub',
      'assigned:commune1',
      'in_progress:commune1',
      'repaired:commune1',
      'verified:hub',
      'reopened:hub',
    ]);
  });

  it('does not verify while the camera is still down', async () => {
    // The station order: ST-C2-A is still offline, so marking it repaired does not make it verified.
    const id = (await orders('station:ST-C2-A'))[0]!.id;
    for (const to of ['in_progress', 'repaired'])
      expect((await h.request('POST', `/api/work-orders/${id}/transitions`, { user: 'tech2', body: { to } })).statusCode).toBe(200);
    expect(await verifyAt(T + 10 * DAY)).toBe(0);
    expect((await get('admin', id)).body.state).toBe('repaired');
  });

  it('opens a new order when a fault returns after the reopen window', async () => {
    // ST-C3-A-1 fails, is repaired and verified, and fails again 20 days later (window: 14 days).
    const t0 = T + 30 * DAY;
    await cameraBecomes('ST-C3-A-1', 'down', t0);
    await engine.evaluate(t0 + 20 * MIN);
    const [first] = await orders('camera:ST-C3-A-1');
    for (const to of ['in_progress', 'repaired'])
      expect((await h.request('POST', `/api/work-orders/${first!.id}/transitions`, { user: 'admin', body: { to } })).statusCode).toBe(200);
    await cameraBecomes('ST-C3-A-1', 'ok', t0 + HOUR);
    await engine.evaluate(t0 + HOUR + 10 * MIN);
    await engine.evaluate(t0 + HOUR + 15 * MIN);
    expect(await verifyAt(t0 + 30 * HOUR)).toBe(1);
    await cameraBecomes('ST-C3-A-1', 'down', t0 + 20 * DAY);
    await engine.evaluate(t0 + 20 * DAY + 20 * MIN);
    expect((await orders('camera:ST-C3-A-1')).map((o) => o.state)).toEqual(['verified', 'new']);
  });

  it('shows and lets act on orders only in the caller area; viewers read only', async () => {
    const c1 = (await orders('camera:ST-C1-A-2'))[0]!.id;
    const list = async (user: string, q = '') => {
      const r = await h.request('GET', `/api/work-orders${q}`, { user });
      expect(r.statusCode, `${user} ${q}`).toBe(200);
      return (r.json() as WorkOrderList).items.map((o) => o.stationId).sort();
    };
    expect(await list('commune1')).toEqual(['ST-C1-A']);
    expect(await list('commune3')).toEqual(['ST-C3-A']);
    expect(await list('district1')).toEqual(['ST-C1-A', 'ST-C2-A']);
    expect(await list('admin')).toEqual(['ST-C1-A', 'ST-C2-A', 'ST-C3-A']);
    expect(await list('viewer', '?unitId=D1')).toEqual(['ST-C1-A', 'ST-C2-A']);
    expect(await list('admin', '?state=all')).toHaveLength(4);

    expect((await get('commune3', c1)).status).toBe(404);
    expect((await h.request('PATCH', `/api/work-orders/${c1}`, { user: 'commune3', body: { notes: 'x' } })).statusCode).toBe(404);
    expect((await h.request('POST', '/api/work-orders', { user: 'commune3', body: { stationId: 'ST-C1-B' } })).statusCode).toBe(404);
    const viewer = await get('viewer', c1);
    expect(viewer.status).toBe(200);
    expect(viewer.body.nextStates).toEqual([]);
    expect((await h.request('PATCH', `/api/work-orders/${c1}`, { user: 'viewer', body: { notes: 'x' } })).statusCode).toBe(403);
  });

  it('lists my orders and overdue ones, and exports CSV', async () => {
    const me = await h.db.query<{ id: string }>("SELECT id::text FROM users WHERE username = 'commune1'");
    // A hand-opened order for the other C1 station, assigned to commune1, already past due.
    const created = await h.request('POST', '/api/work-orders', {
      user: 'commune1',
      body: { stationId: 'ST-C1-B', cause: 'cột bị gãy', dueAt: T - HOUR, assignee: { kind: 'user', userId: me.rows[0]!.id } },
    });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ state: 'assigned', source: 'manual', overdue: true, openedBy: 'commune1' });
    const ids = async (q: string) =>
      ((await h.request('GET', `/api/work-orders${q}`, { user: 'commune1' })).json() as WorkOrderList).items.map((o) => o.stationId);
    expect(await ids('?mine=true')).toEqual(['ST-C1-B']);
    expect(await ids('?overdue=true')).toEqual(['ST-C1-B']);

    const csv = await h.request('GET', '/api/work-orders/export.csv?state=all', { user: 'commune1' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^Số phiếu,Trạng thái,Ưu tiên/);
    expect(lines).toHaveLength(3);
    expect(csv.body).toContain('Đã giao');
    expect(csv.body).toContain('cột bị gãy');
  });

  it('offers as assignees only the people whose area and role hold the order, and refuses anyone else', async () => {
    const [order] = await orders('station:ST-C1-B');
    const userId = async (username: string) =>
      (await h.db.query<{ id: string }>('SELECT id::text FROM users WHERE username = $1', [username])).rows[0]!.id;
    const offered = await h.request('GET', `/api/work-orders/${order!.id}/assignees`, { user: 'district1' });
    expect(offered.statusCode).toBe(200);
    // C1 lies under D1: the province admin (no unit: everywhere), the district and the commune. Not the viewer
    // (reads only), not commune3 nor the technician of C2 (other areas).
    expect((offered.json() as WorkOrderAssignableUsers).items.map((u) => [u.name, u.role])).toEqual([
      ['admin', 'province_admin'],
      ['commune1', 'commune'],
      ['district1', 'district'],
    ]);
    expect((await h.request('GET', `/api/work-orders/${order!.id}/assignees`, { user: 'viewer' })).statusCode).toBe(403);
    expect((await h.request('GET', `/api/work-orders/${order!.id}/assignees`, { user: 'commune3' })).statusCode).toBe(404);

    const give = (username: string) =>
      userId(username).then((id) =>
        h.request('PATCH', `/api/work-orders/${order!.id}`, { user: 'district1', body: { assignee: { kind: 'user', userId: id } } }),
      );
    const refused = await give('tech2');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('outside their area or role');
    expect((await give('viewer')).statusCode).toBe(400);
    const given = await give('district1');
    expect(given.statusCode, given.body).toBe(200);
    expect((given.json() as WorkOrder).assignee).toMatchObject({ kind: 'user', name: 'district1' });
  });

  it('prints one order as a signed phiếu and a list as an A4 page, in the caller area only', async () => {
    const [order] = await orders('station:ST-C1-B');
    const page = await h.request('GET', `/api/work-orders/${order!.id}/print.html`, { user: 'commune1' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('PHIẾU SỬA CHỮA CAMERA');
    expect(page.body).toContain(`Số ${order!.id}`);
    expect(page.body).toMatch(/<th>Trạm<\/th><td>[^<]+ \(ST-C1-B\)<\/td>/);
    expect(page.body).toContain('<th>Camera</th><td>Cả trạm</td>');
    expect(page.body).toContain('<th>Nguyên nhân</th><td>cột bị gãy</td>');
    expect(page.body).toMatch(/<th>Hạn sửa xong<\/th><td>[^<]+ \(quá hạn\)<\/td>/);
    expect(page.body).toContain('NGƯỜI SỬA CHỮA');
    expect(page.body).not.toContain('<script');
    const english = await h.request('GET', `/api/work-orders/${order!.id}/print.html?lang=en`, { user: 'commune1' });
    expect(english.body).toContain('CAMERA REPAIR ORDER');
    expect((await h.request('GET', `/api/work-orders/${order!.id}/print.html`, { user: 'commune3' })).statusCode).toBe(404);

    const listed = (await h.request('GET', '/api/work-orders?state=all&unitId=C1', { user: 'commune1' })).json() as WorkOrderList;
    const list = await h.request('GET', '/api/work-orders/export.html?state=all&unitId=C1', { user: 'commune1' });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('DANH SÁCH PHIẾU SỬA CHỮA CAMERA');
    expect(list.body).toContain(`Số phiếu: ${listed.items.length}`);
    expect(list.body.match(/<tr><td>\d+<\/td>/g)).toHaveLength(listed.items.length);
    // The camera order's cause is a code: printed in words, as on the dashboard.
    expect(list.body).toContain('Không kết nối được camera');
  });

  it('reports orders opened and verified, mean time to repair and overdue now, per unit down the tree', async () => {
    // Orders of January 2030, with consistent times (the tests above mix driven and wall-clock time).
    const insert = (station: string, key: string, state: string, opened: string, repairedH: number | null, verified: string | null) =>
      h.db.query(
        `INSERT INTO work_orders (fault_key, station_id, source, state, priority, payer, opened_at, updated_at, repaired_at, verified_at)
         VALUES ($1, $2, 'manual', $3, 'normal', 'community', $4, $4, $4::timestamptz + make_interval(hours => $5), $6)`,
        [key, station, state, opened, repairedH, verified],
      );
    await insert('ST-C3-A', 'camera:ST-C3-A-2', 'verified', '2030-01-10T00:00:00+07:00', 2, '2030-01-11T00:00:00+07:00');
    await insert('ST-C3-A', 'camera:ST-C3-A-2', 'verified', '2030-01-12T00:00:00+07:00', 4, '2030-01-13T00:00:00+07:00');
    await insert('ST-C1-A', 'camera:ST-C1-A-1', 'cancelled', '2030-01-15T00:00:00+07:00', null, null);
    const report = async (user: string, q: string) => {
      const r = await h.request('GET', `/api/reports/work-orders?from=2030-01-01&to=2030-01-31${q}`, { user });
      return { status: r.statusCode, body: r.json() as WorkOrderReport };
    };
    const all = await report('admin', '');
    expect(all.status).toBe(200);
    // Overdue now: the hand-opened ST-C1-B order of the test above (due an hour before T).
    expect(all.body.total).toEqual({ unitId: 'P', unitName: 'Tỉnh Thử', opened: 3, verified: 2, mttrMs: 3 * HOUR, overdue: 1 });
    expect(all.body.rows.map((r) => [r.unitId, r.opened, r.verified, r.mttrMs, r.overdue])).toEqual([
      ['D2', 2, 2, 3 * HOUR, 0],
      ['D1', 1, 0, null, 1],
    ]);
    // A commune user gets their commune; another unit answers like a missing one.
    expect((await report('commune3', '')).body.total).toMatchObject({ unitId: 'C3', opened: 2, mttrMs: 3 * HOUR });
    expect((await report('commune3', '&unitId=D1')).status).toBe(404);
    expect((await h.request('GET', '/api/reports/work-orders?from=2030-02-30&to=2030-03-01', { user: 'admin' })).statusCode).toBe(400);
  });

  it('reads the verification period and reopen window from the environment, listing every problem', () => {
    expect(hubOptionsFromEnv({ WORK_ORDER_VERIFY_HOURS: '48', WORK_ORDER_REOPEN_DAYS: '7' }).workOrders).toEqual({
      verifyAfterHours: 48,
      reopenWithinDays: 7,
    });
    expect(() => hubOptionsFromEnv({ WORK_ORDER_VERIFY_HOURS: '0', WORK_ORDER_REOPEN_DAYS: 'x' })).toThrow(HubEnvError);
    expect(() => hubOptionsFromEnv({ WORK_ORDER_VERIFY_HOURS: '0', WORK_ORDER_REOPEN_DAYS: 'x' })).toThrow(
      /WORK_ORDER_VERIFY_HOURS: a number above 0[^]*WORK_ORDER_REOPEN_DAYS: a number above 0.*got "x"/,
    );
  });
});
