import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicFor, type CollectorTarget } from '@camwatch/config';
import { startHarness, type Harness } from './api-support/api-harness.ts';
import { HOUSE } from './api-support/private-camera-fixture.ts';

/**
 * Issue 16 item 4: a connected camera is checked by the collector nearest its unit. When a
 * closer collector appears up its unit chain, or the camera moves to another unit, or its
 * collector is retired, the connection moves, audited, and both collectors get their new
 * (retained) target lists. Real PostgreSQL; the hub's publisher captured at the MQTT boundary.
 */
describe('collector choice follows the camera and the collectors', () => {
  let h: Harness;
  let privateId = 0;
  const sent: { topic: string; targets: string[] }[] = [];
  const pc = () => `pc-${privateId}`;

  const collectorOf = async () =>
    (
      await h.db.query<{ c: string }>('SELECT collector_station_id AS c FROM private_camera_connections WHERE private_camera_id = $1', [
        privateId,
      ])
    ).rows[0]?.c;
  /** The last list each collector was sent, by station id. */
  const lastLists = () => {
    const out = new Map<string, string[]>();
    for (const s of sent) out.set(s.topic, s.targets);
    return out;
  };
  const listOf = (stationId: string) => lastLists().get(topicFor('collectorTargets', { stationId }));
  const collector = (id: string, unitId: string) =>
    h.request('POST', '/api/stations', {
      user: 'admin',
      body: {
        id,
        name: `Bộ thu ${id}`,
        unitId,
        address: 'Công an',
        lat: 10.6,
        lon: 106.6,
        installedAt: '2026-12-01',
        funding: 'state',
        type: 'collector',
      },
    });
  const moves = async () =>
    (
      await h.db.query<{ detail: { from: string; to: string } }>(
        `SELECT detail FROM audit_log WHERE action = 'private_camera.collector_moved' AND target_id = $1 ORDER BY id`,
        [String(privateId)],
      )
    ).rows.map((r) => [r.detail.from, r.detail.to]);

  beforeAll(async () => {
    h = await startHarness({
      deps: {
        publish: async (topic, payload) => {
          const body = JSON.parse(payload.toString()) as { targets: CollectorTarget[] };
          sent.push({ topic, targets: body.targets.map((t) => t.cameraId) });
        },
      },
    });
    expect((await collector('COL-D1', 'D1')).statusCode).toBe(200);
    const created = await h.request('POST', '/api/private-cameras', {
      user: 'admin',
      body: { ...HOUSE, consent: { date: '2026-12-01', scope: 'live_connection' } },
    });
    expect(created.statusCode, created.body).toBe(200);
    privateId = (created.json() as { id: number }).id;
    const connected = await h.request('PUT', `/api/private-cameras/${privateId}/connection`, {
      user: 'admin',
      body: { rtspUrl: 'rtsp://192.0.2.40/ch1' },
    });
    expect(connected.statusCode, connected.body).toBe(200);
  });
  afterAll(() => h?.close());

  it('connects to the district’s collector while the commune has none', async () => {
    expect(await collectorOf()).toBe('COL-D1');
    expect(listOf('COL-D1')).toEqual([pc()]);
  });

  it('moves to a collector that appears in the camera’s own commune; both collectors get their new lists', async () => {
    expect((await collector('COL-C1', 'C1')).statusCode).toBe(200);
    expect(await collectorOf()).toBe('COL-C1');
    expect(listOf('COL-C1')).toEqual([pc()]);
    expect(listOf('COL-D1')).toEqual([]);
    expect(await moves()).toEqual([['COL-D1', 'COL-C1']]);
    // A collector elsewhere (another district) changes nothing.
    const before = sent.length;
    expect((await collector('COL-D2', 'D2')).statusCode).toBe(200);
    expect(await collectorOf()).toBe('COL-C1');
    expect(sent.length).toBe(before);
  });

  it('follows the camera to another commune: back to the district’s collector', async () => {
    const moved = await h.request('PATCH', `/api/private-cameras/${privateId}`, { user: 'admin', body: { unitId: 'C2' } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await collectorOf()).toBe('COL-D1');
    expect(listOf('COL-D1')).toEqual([pc()]);
    expect(listOf('COL-C1')).toEqual([]);
    expect(await moves()).toEqual([
      ['COL-D1', 'COL-C1'],
      ['COL-C1', 'COL-D1'],
    ]);
  });

  it('leaves a retired collector for the next one up the chain', async () => {
    expect((await collector('COL-P', 'P')).statusCode).toBe(200);
    expect(await collectorOf()).toBe('COL-D1');
    const retired = await h.request('POST', '/api/stations/COL-D1/retire', { user: 'admin', body: {} });
    expect(retired.statusCode, retired.body).toBeLessThan(300);
    expect(await collectorOf()).toBe('COL-P');
    expect(listOf('COL-P')).toEqual([pc()]);
    expect(listOf('COL-D1')).toEqual([]);
  });
});
