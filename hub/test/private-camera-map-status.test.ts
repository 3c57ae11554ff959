import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMERA_MAP_STATUSES, type PrivateCameraPositions } from '@camwatch/config';
import { LiveFeed } from '../src/live/live-feed.ts';
import { PrivateCameraRepository } from '../src/private-cameras/private-camera-repository.ts';
import { startHarness, type Harness } from './api-support/api-harness.ts';
import { HOUSE } from './api-support/private-camera-fixture.ts';
import { openSse as listen, until } from './live-support/sse-client.ts';

const code = (s: (typeof CAMERA_MAP_STATUSES)[number]) => CAMERA_MAP_STATUSES.indexOf(s);

/**
 * Issue 16 item 4 on the map: the positions answer says which private cameras are connected and
 * their status now (unknown while their collector is offline), and the live stream carries a
 * connected camera's status changes to its own commune, not to the collector's district alone.
 * Real PostgreSQL, the real HTTP stack and live feed.
 */
describe('connected private cameras: status on the map and in the live stream', () => {
  let h: Harness;
  let feed: LiveFeed;
  let base = '';
  const repo = new PrivateCameraRepository();
  let connectedId = 0;
  let listedId = 0;
  const positions = async (user = 'commune1') => {
    const r = await h.request('GET', '/api/private-cameras/positions', { user });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as PrivateCameraPositions;
  };
  const cameraGoes = async (cameraId: string, status: string, cause: string | null) => {
    await h.db.query('UPDATE camera_status_intervals SET ended_at = now() WHERE camera_id = $1 AND ended_at IS NULL', [cameraId]);
    await h.db.query(
      `INSERT INTO camera_status_intervals (camera_id, station_id, status, cause, started_at) VALUES ($1, 'COL-D1', $2, $3, now())`,
      [cameraId, status, cause],
    );
  };
  const collectorState = (state: 'online' | 'offline') =>
    h.db.query(
      `INSERT INTO station_liveness (station_id, state, boot_id, connection_id, last_seen_at, changed_at) VALUES ('COL-D1', $1, 'boot-1', 1, now(), now())
       ON CONFLICT (station_id) DO UPDATE SET state = EXCLUDED.state, changed_at = EXCLUDED.changed_at`,
      [state],
    );

  beforeAll(async () => {
    h = await startHarness({ liveFeedPollMs: null });
    const at = Date.parse('2026-12-01T03:00:00Z');
    listedId = await repo.insert(h.db, HOUSE, 'admin', at);
    connectedId = await repo.insert(
      h.db,
      { ...HOUSE, lat: 10.612, lon: 106.602, consent: { date: '2026-11-20', scope: 'live_connection' } },
      'admin',
      at,
    );
    await h.db.query(
      `INSERT INTO stations (id, unit_id, name, address, lat, lon, installed_at, funding, type)
       VALUES ('COL-D1', 'D1', 'Bộ thu', 'Công an huyện', 10.6, 106.6, '2026-11-01', 'state', 'collector')`,
    );
    await h.db.query(
      `INSERT INTO private_camera_connections (private_camera_id, collector_station_id, rtsp_url, connected_by, connected_at)
       VALUES ($1, 'COL-D1', 'rtsp://192.0.2.30/ch1', 'admin', now())`,
      [connectedId],
    );
    feed = new LiveFeed(h.db, h.deps.live, pino({ level: 'silent' }), 50);
    await feed.start();
    base = await h.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await feed?.stop();
    await h?.close();
  });

  it('marks the connected camera among the positions with its status; a listed-only one stays as it was', async () => {
    // Connected, never reported yet: unknown.
    expect((await positions()).connected).toEqual({ at: [1], cameraId: [`pc-${connectedId}`], status: [code('unknown')] });
    await collectorState('online');
    await cameraGoes(`pc-${connectedId}`, 'ok', null);
    const p = await positions();
    expect(p).toMatchObject({ lat: [10.611, 10.612], total: 2 });
    expect(p.connected).toEqual({ at: [1], cameraId: [`pc-${connectedId}`], status: [code('ok')] });
    await cameraGoes(`pc-${connectedId}`, 'down', 'unreachable');
    expect((await positions()).connected?.status).toEqual([code('down')]);
    // Its collector dark: nothing is known of the camera.
    await collectorState('offline');
    expect((await positions()).connected?.status).toEqual([code('unknown')]);
    await collectorState('online');
    // Outside the area: neither the camera nor its status.
    const other = await positions('commune3');
    expect(other.total).toBe(0);
    expect(other.connected).toBeUndefined();
    expect(listedId).toBeLessThan(connectedId);
  });

  it('sends the connected camera’s status changes to its own commune’s streams, not to another commune’s', async () => {
    const c1 = await listen(`${base}/api/live`, h.tokens.commune1!);
    const c3 = await listen(`${base}/api/live`, h.tokens.commune3!);
    await until(() => h.deps.live.listenerCount() === 2, 'two streams subscribed');
    await cameraGoes(`pc-${connectedId}`, 'ok', null);
    await until(() => c1.frames.length >= 1, 'commune1 hears its private camera');
    expect(c1.frames.map((f) => [f.event, f.data.cameraId, f.data.stationId, f.data.status])).toEqual([
      ['camera-status', `pc-${connectedId}`, 'COL-D1', 'ok'],
    ]);
    // A programme camera's change after it: commune3 hears its own and never the private camera's.
    await h.db.query('UPDATE camera_status_intervals SET ended_at = now() WHERE camera_id = $1 AND ended_at IS NULL', ['ST-C3-A-1']);
    await h.db.query(
      `INSERT INTO camera_status_intervals (camera_id, station_id, status, cause, started_at) VALUES ('ST-C3-A-1', 'ST-C3-A', 'down', 'black', now())`,
    );
    await until(() => c3.frames.length >= 1, 'commune3 hears its own camera');
    expect(c3.frames.map((f) => f.data.cameraId)).toEqual(['ST-C3-A-1']);
    c1.close();
    c3.close();
  });
});
