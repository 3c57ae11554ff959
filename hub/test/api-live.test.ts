import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveFeed } from '../src/live/live-feed.ts';
import { startHarness, type Harness } from './api-support/api-harness.ts';
import { seedStatus } from './api-support/seed-status.ts';
import { openSse as listen, until } from './live-support/sse-client.ts';

/** One GET over a real socket, body left as the server encoded it. */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; encoding: string | undefined; vary: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          encoding: res.headers['content-encoding'],
          vary: res.headers.vary,
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /api/live: status changes and alerts, scoped to the user', () => {
  let h: Harness;
  let feed: LiveFeed;
  let base = '';
  beforeAll(async () => {
    h = await startHarness({ liveFeedPollMs: null });
    await seedStatus(h.db, h.deps.snapshots);
    // Started after the seed: what was there before is history, not news.
    feed = new LiveFeed(h.db, h.deps.live, pino({ level: 'silent' }), 50);
    await feed.start();
    base = await h.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await feed?.stop();
    await h?.close();
  });

  const cameraGoes = async (cameraId: string, stationId: string, status: string, cause: string | null) => {
    await h.db.query('UPDATE camera_status_intervals SET ended_at = now() WHERE camera_id = $1 AND ended_at IS NULL', [cameraId]);
    await h.db.query(
      'INSERT INTO camera_status_intervals (camera_id, station_id, status, cause, started_at) VALUES ($1, $2, $3, $4, now())',
      [cameraId, stationId, status, cause],
    );
  };

  it('sends each user only the events of their own area', async () => {
    const c1 = await listen(`${base}/api/live`, h.tokens.commune1!);
    const c3 = await listen(`${base}/api/live`, h.tokens.commune3!);
    const admin = await listen(`${base}/api/live`, h.tokens.admin!);
    expect(c1.res.statusCode).toBe(200);
    expect(c1.res.headers['content-type']).toMatch(/text\/event-stream/);
    await until(() => h.deps.live.listenerCount() === 3, 'three streams subscribed');

    await cameraGoes('ST-C1-A-1', 'ST-C1-A', 'down', 'black');
    await cameraGoes('ST-C3-A-1', 'ST-C3-A', 'down', 'unreachable');
    await h.db.query(`UPDATE station_status_intervals SET ended_at = now() WHERE station_id = 'ST-C3-A' AND ended_at IS NULL`);
    await h.db.query(
      `INSERT INTO station_status_intervals (station_id, status, cause, started_at) VALUES ('ST-C3-A', 'offline', 'timeout', now())`,
    );
    await h.db.query(
      `INSERT INTO alerts (rule, subject, severity, state, station_id, unit_id, message, condition_since, opened_at) VALUES ('station_offline', 'station:ST-C3-A', 'critical', 'open', 'ST-C3-A', 'C3', 'Trạm mất kết nối', now(), now())`,
    );

    await until(() => admin.frames.length >= 4, 'admin sees all four events');
    await until(() => c3.frames.length >= 3, 'commune3 sees its three');
    expect(admin.frames.map((f) => f.event).sort()).toEqual(['alert', 'camera-status', 'camera-status', 'station-status']);
    expect(c3.frames.map((f) => [f.event, f.data.stationId]).sort()).toEqual([
      ['alert', 'ST-C3-A'],
      ['camera-status', 'ST-C3-A'],
      ['station-status', 'ST-C3-A'],
    ]);
    expect(c3.frames.find((f) => f.event === 'camera-status')!.data).toMatchObject({
      cameraId: 'ST-C3-A-1',
      status: 'down',
      cause: 'unreachable',
    });
    expect(c3.frames.find((f) => f.event === 'station-status')!.data).toMatchObject({ status: 'offline' });
    expect(c1.frames.map((f) => [f.event, f.data.cameraId])).toEqual([['camera-status', 'ST-C1-A-1']]);
    expect(c1.frames[0]!.data).toMatchObject({ status: 'down', cause: 'black' });
    expect(await h.deps.registry.getSingleMetricAsString('camwatch_live_connections')).toMatch(/camwatch_live_connections 3/);
    for (const s of [c1, c3, admin]) s.close();
    await until(() => h.deps.live.listenerCount() === 0, 'streams closed and unsubscribed');
  });

  it('serves /api/map compressed (br or gzip, as the client asks) and it decodes to the same map', async () => {
    // The fixture's map is under the 1 KiB not worth compressing: a commune's worth of stations more.
    await h.db.query(`INSERT INTO stations (id, unit_id, name, address, lat, lon, installed_at, funding)
      SELECT 'ST-C2-X' || i, 'C2', 'Trạm ' || i, 'Ấp ' || i, 10.5 + i / 1000.0, 106.4, '2024-01-01', 'community' FROM generate_series(1, 30) AS i`);
    const auth = { authorization: `Bearer ${h.tokens.admin!}` };
    const plain = await rawGet(`${base}/api/map`, { ...auth, 'accept-encoding': 'identity' });
    const gz = await rawGet(`${base}/api/map`, { ...auth, 'accept-encoding': 'gzip' });
    const br = await rawGet(`${base}/api/map`, { ...auth, 'accept-encoding': 'gzip, deflate, br' });
    expect([plain.status, gz.status, br.status]).toEqual([200, 200, 200]);
    expect(plain.encoding).toBeUndefined();
    expect(gz.encoding).toBe('gzip');
    expect(br.encoding).toBe('br');
    expect(gz.vary).toMatch(/accept-encoding/i);
    // The map carries the time it was built; everything else must be identical.
    const map = (b: Buffer) => ({ ...(JSON.parse(b.toString('utf8')) as Record<string, unknown>), generatedAt: 0 });
    expect(map(gunzipSync(gz.body))).toEqual(map(plain.body));
    expect(map(brotliDecompressSync(br.body))).toEqual(map(plain.body));
    expect(gz.body.length).toBeLessThan(plain.body.length / 2);
    console.log(`/api/map, fixture fleet: ${plain.body.length} B raw, ${gz.body.length} B gzip, ${br.body.length} B br`);
  });

  it('never compresses the live stream: a client accepting gzip/br gets plain frames as they happen', async () => {
    const s = await listen(`${base}/api/live`, h.tokens.admin!, { 'accept-encoding': 'gzip, deflate, br' });
    try {
      expect(s.res.headers['content-encoding']).toBeUndefined();
      await until(() => h.deps.live.listenerCount() === 1, 'stream subscribed');
      await cameraGoes('ST-C1-A-2', 'ST-C1-A', 'degraded', 'blurred');
      // One small frame: a compressor would hold it back to fill its window.
      await until(() => s.frames.some((f) => f.data.cameraId === 'ST-C1-A-2'), 'the frame arrives on its own');
    } finally {
      s.close();
    }
    await until(() => h.deps.live.listenerCount() === 0, 'stream closed');
  });

  it('refuses the stream without a session', async () => {
    const res = await h.request('GET', '/api/live');
    expect(res.statusCode).toBe(401);
  });
});
