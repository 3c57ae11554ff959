import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestItem } from '../src/ingest/ingest-types.ts';
import { postgresTarget } from './support/databases.ts';
import { StationScript } from './support/fixtures.ts';
import { counter, HubHarness, publish, until } from './support/hub-harness.ts';

const REPLAYED = 60;
const LIVE = 5;

/**
 * A station back from an outage (real Mosquitto, real PostgreSQL): its backlog reaches the hub
 * while the first batch is held by a table lock, then live samples. The live lane is written first.
 * The numbers stay under the test broker's in-flight window towards the hub (100), so the hub holds all of them.
 */
for (const liveFirst of [true, false]) {
  describe(`ingest lanes, liveFirst ${liveFirst}`, () => {
    const committed: string[] = [];
    const h = new HubHarness('mosquitto', postgresTarget());
    beforeAll(() =>
      h.start({
        batch: { maxRows: 20, maxDelayMs: 20, concurrency: 1, liveFirst },
        onCommitted: (_outcome, items: readonly IngestItem[]) => {
          for (const i of items) if (i.kind === 'health') committed.push(i.payload.replay ? 'r' : 'L');
        },
      }),
    );
    afterAll(() => h.stop());

    it(
      liveFirst
        ? 'live samples commit ahead of the backlog queued before them, and every sample is stored once'
        : 'one queue: live samples commit after the whole backlog (the baseline)',
      async () => {
        const hub = h.hub;
        const station = await h.station('ST-1');
        const st = new StationScript('ST-1');
        const t0 = Date.now() - 3_600_000;
        const backlog = Array.from({ length: REPLAYED }, (_v, i) => st.health(t0 + i * 60_000, true));
        const live = Array.from({ length: LIVE }, (_v, i) => st.health(Date.now() + i));
        let release!: () => void;
        const released = new Promise<void>((r) => (release = r));
        let locked!: () => void;
        const isLocked = new Promise<void>((r) => (locked = r));
        // Hold the table: the first batch waits, everything after it queues in the hub.
        const blocker = hub.db.transaction(async (tx) => {
          await tx.query('LOCK TABLE health_samples IN ACCESS EXCLUSIVE MODE');
          locked();
          await released;
        });
        await isLocked;
        try {
          await Promise.all(backlog.map((p) => publish(station, 'health', { stationId: 'ST-1' }, p)));
          await Promise.all(live.map((p) => publish(station, 'health', { stationId: 'ST-1' }, p)));
          await until(
            async () => (await counter(hub.metrics.received, { kind: 'health' })) === REPLAYED + LIVE,
            10_000,
            'the hub received everything',
          );
        } finally {
          release();
          await blocker;
        }
        await until(async () => (await counter(hub.metrics.stored, { kind: 'health' })) === REPLAYED + LIVE, 15_000, 'all stored');
        const rows = await hub.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM health_samples WHERE boot_id = $1`, [st.bootId]);
        expect(rows.rows[0]!.n).toBe(REPLAYED + LIVE);
        expect(committed).toHaveLength(REPLAYED + LIVE);
        const replaysAfterLive = committed.slice(committed.indexOf('L')).filter((c) => c === 'r').length;
        if (liveFirst) {
          // The held batch (up to 20 replays) was already taken; the live lane goes in the very next one, ahead of the rest.
          const held = committed.indexOf('L');
          expect(held).toBeGreaterThan(0);
          expect(held).toBeLessThanOrEqual(20);
          expect(committed.join('')).toBe('r'.repeat(held) + 'L'.repeat(LIVE) + 'r'.repeat(REPLAYED - held));
          expect(replaysAfterLive).toBe(REPLAYED - held);
        } else expect(replaysAfterLive).toBe(0);

        // The broker delivers it all again (a resumed session): nothing is stored twice.
        await Promise.all([...backlog, ...live].map((p) => publish(station, 'health', { stationId: 'ST-1' }, p)));
        await until(async () => (await counter(hub.metrics.duplicates, { kind: 'health' })) === REPLAYED + LIVE, 15_000, 'duplicates seen');
        const again = await hub.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM health_samples WHERE boot_id = $1`, [st.bootId]);
        expect(again.rows[0]!.n).toBe(REPLAYED + LIVE);
      },
    );
  });
}
