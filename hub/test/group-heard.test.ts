import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupHeard } from '../src/status/heard-clock.ts';
import { postgresTarget } from './support/databases.ts';
import { StationScript } from './support/fixtures.ts';
import { HubHarness, publish, until } from './support/hub-harness.ts';

const OFFLINE_AFTER_MS = 2_500;

describe('group heard clock (hubs splitting the fleet with a shared subscription)', () => {
  it('judges only what every live hub has heard; a hub that cannot vouch holds the judgement', () => {
    const own = { until: 10_000, since: 1_000 };
    expect(groupHeard(own, [])).toEqual(own);
    expect(groupHeard(own, [{ until: 7_000, since: 2_000 }])).toEqual({ until: 7_000, since: 2_000 });
    expect(groupHeard(own, [{ until: null, since: null }])).toBeNull();
    expect(groupHeard(null, [{ until: 7_000, since: 2_000 }])).toBeNull();
  });

  describe('on Mosquitto and PostgreSQL', () => {
    const h = new HubHarness('mosquitto', postgresTarget());
    beforeAll(() => h.start({ shareGroup: 'camwatch-hub', status: { offlineAfterMs: OFFLINE_AFTER_MS }, sweepEveryMs: 100 }));
    afterAll(() => h.stop());

    const periods = async (stationId: string) =>
      (
        await h.hub.db.query<{ status: string; cause: string | null }>(
          'SELECT status, cause FROM station_status_intervals WHERE station_id = $1 ORDER BY started_at',
          [stationId],
        )
      ).rows;

    it('does not time out a station while another hub of the group is behind; does once that hub is gone', async () => {
      const client = await h.station('ST-1');
      await publish(client, 'health', { stationId: 'ST-1' }, new StationScript('ST-1').health(Date.now()));
      await until(async () => (await periods('ST-1')).some((p) => p.status === 'online'), 15_000, 'online');
      // A second hub of the group, alive (reporting every sweep) but stalled: it has heard nothing since the station spoke.
      const stalledSince = Date.now() - 60_000;
      const report = () =>
        h.hub.db.query(
          `INSERT INTO hub_heard (hub_id, heard_until, heard_since, updated_at) VALUES ('hub-b', $1, $1, now())
         ON CONFLICT (hub_id) DO UPDATE SET heard_until = EXCLUDED.heard_until, updated_at = now()`,
          [new Date(stalledSince)],
        );
      await report();
      const beat = setInterval(() => void report(), 200);
      try {
        // Well past the timeout: this hub alone would have timed the station out long ago.
        await new Promise((r) => setTimeout(r, OFFLINE_AFTER_MS * 3));
        expect((await periods('ST-1')).map((p) => p.status)).toEqual(['online']);
      } finally {
        clearInterval(beat);
      }
      // The stalled hub stops reporting: after a timeout it no longer holds the group back.
      await until(async () => (await periods('ST-1')).some((p) => p.status === 'offline'), 20_000, 'offline by timeout');
      expect((await periods('ST-1')).at(-1)).toEqual({ status: 'offline', cause: 'timeout' });
    });
  });
});
