import { request as httpRequest, type IncomingMessage } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveFeed } from '../src/live/live-feed.ts';
import { startHarness, type Harness } from './api-support/api-harness.ts';
import { seedStatus } from './api-support/seed-status.ts';

interface Frame {
  event: string;
  data: Record<string, unknown>;
}

/** A real HTTP client reading the event stream, as a browser's EventSource would. */
function listen(url: string, token: string): Promise<{ frames: Frame[]; res: IncomingMessage; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (res) => {
      const frames: Frame[] = [];
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) frames.push({ event, data: JSON.parse(data) as Record<string, unknown> });
        }
      });
      resolve({ frames, res, close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

async function until(fn: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
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
    await h.db.query('INSERT INTO camera_status_intervals (camera_id, station_id, status, cause, started_at) VALUES ($1, $2, $3, $4, now())', [cameraId, stationId, status, cause]);
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
    await h.db.query(`INSERT INTO station_status_intervals (station_id, status, cause, started_at) VALUES ('ST-C3-A', 'offline', 'timeout', now())`);
    await h.db.query(`INSERT INTO alerts (rule, subject, severity, state, station_id, unit_id, message, condition_since, opened_at) VALUES ('station_offline', 'station:ST-C3-A', 'critical', 'open', 'ST-C3-A', 'C3', 'Trạm mất kết nối', now(), now())`);

    await until(() => admin.frames.length >= 4, 'admin sees all four events');
    await until(() => c3.frames.length >= 3, 'commune3 sees its three');
    expect(admin.frames.map((f) => f.event).sort()).toEqual(['alert', 'camera-status', 'camera-status', 'station-status']);
    expect(c3.frames.map((f) => [f.event, f.data.stationId]).sort()).toEqual([['alert', 'ST-C3-A'], ['camera-status', 'ST-C3-A'], ['station-status', 'ST-C3-A']]);
    expect(c3.frames.find((f) => f.event === 'camera-status')!.data).toMatchObject({ cameraId: 'ST-C3-A-1', status: 'down', cause: 'unreachable' });
    expect(c3.frames.find((f) => f.event === 'station-status')!.data).toMatchObject({ status: 'offline' });
    expect(c1.frames.map((f) => [f.event, f.data.cameraId])).toEqual([['camera-status', 'ST-C1-A-1']]);
    expect(c1.frames[0]!.data).toMatchObject({ status: 'down', cause: 'black' });
    expect(await h.deps.registry.getSingleMetricAsString('camwatch_live_connections')).toMatch(/camwatch_live_connections 3/);
    for (const s of [c1, c3, admin]) s.close();
    await until(() => h.deps.live.listenerCount() === 0, 'streams closed and unsubscribed');
  });

  it('refuses the stream without a session', async () => {
    const res = await h.request('GET', '/api/live');
    expect(res.statusCode).toBe(401);
  });
});
