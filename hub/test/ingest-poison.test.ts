import { LIMITS, decodeJson, encodeMessage, topicFor } from '@camwatch/config';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestBatcher, isTransient } from '../src/ingest/ingest-batcher.ts';
import type { IngestItem } from '../src/ingest/ingest-types.ts';
import { IngestWriter } from '../src/ingest/ingest-writer.ts';
import { postgresTarget } from './support/databases.ts';
import { StationScript } from './support/fixtures.ts';
import { counter, HubHarness, publish, until } from './support/hub-harness.ts';

const log = pino({ level: 'silent' });
/** Past what `Date` holds (8.64e15): `new Date(ms).toISOString()` throws RangeError. */
const POISON_MS = 8.7e15;

const healthItem = (st: StationScript, n: number): IngestItem => ({
  kind: 'health',
  stationId: st.stationId,
  receivedAt: n,
  retained: false,
  payload: st.health(Date.now()),
});

describe('isTransient: only known-transient database and network failures are retried', () => {
  it.each([
    ['admin shutdown (57P01)', Object.assign(new Error('terminating connection'), { code: '57P01' }), true],
    ['connection failure (08006)', Object.assign(new Error('x'), { code: '08006' }), true],
    ['serialization (40001)', Object.assign(new Error('x'), { code: '40001' }), true],
    ['too many connections (53300)', Object.assign(new Error('x'), { code: '53300' }), true],
    ['socket ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), true],
    ['happy-eyeballs AggregateError', new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })]), true],
    ['pg: Connection terminated unexpectedly', new Error('Connection terminated unexpectedly'), true],
    ['pg pool connect timeout', new Error('timeout exceeded when trying to connect'), true],
    ['RangeError from a bad time', new RangeError('Invalid time value'), false],
    ['a plain Error', new Error('boom'), false],
    ['TypeError', new TypeError('cannot read properties of undefined'), false],
    ['numeric out of range (22003)', Object.assign(new Error('x'), { code: '22003' }), false],
    ['not-null violation (23502)', Object.assign(new Error('x'), { code: '23502' }), false],
    ['a thrown string', 'boom', false],
  ])('%s', (_name, err, transient) => {
    expect(isTransient(err)).toBe(transient);
  });
});

describe('ingest batcher with a message its writer cannot store', () => {
  for (const [name, makeErr] of [
    ['RangeError', () => new RangeError('Invalid time value')],
    ['a generic Error', () => new Error('boom')],
  ] as const) {
    it(`${name}: splits the batch, stores the others, drops and reports the bad one, settles everything`, async () => {
      const st = new StationScript('ST-1');
      const items = Array.from({ length: 9 }, (_, n) => healthItem(st, n));
      const bad = items[5]!;
      const stored: IngestItem[] = [];
      let calls = 0;
      const poison: IngestItem[] = [];
      const batcher = new IngestBatcher(
        async (batch) => {
          calls++;
          if (batch.includes(bad)) throw makeErr();
          stored.push(...batch);
        },
        { maxRows: 100, maxDelayMs: 1, retryMinMs: 1 },
        log,
        (item) => poison.push(item),
      );
      await Promise.all(items.map((i) => batcher.submit(i)));
      expect(poison).toEqual([bad]);
      expect(new Set(stored)).toEqual(new Set(items.filter((i) => i !== bad)));
      // Bisection, not a retry loop: log2(9) levels, a handful of writes.
      expect(calls).toBeLessThan(12);
    });
  }

  it('retries a transient failure until it commits, dropping nothing', async () => {
    const st = new StationScript('ST-1');
    let failures = 3;
    const stored: IngestItem[] = [];
    const poison: IngestItem[] = [];
    const batcher = new IngestBatcher(
      async (batch) => {
        if (failures-- > 0) throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
        stored.push(...batch);
      },
      { maxRows: 100, maxDelayMs: 1, retryMinMs: 1 },
      log,
      (item) => poison.push(item),
    );
    await Promise.all([0, 1, 2].map((n) => batcher.submit(healthItem(st, n))));
    expect(stored).toHaveLength(3);
    expect(poison).toEqual([]);
  });
});

describe('a poison message through the real ingest path (Mosquitto, PostgreSQL)', () => {
  const h = new HubHarness('mosquitto', postgresTarget());
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('the contract refuses a time past what Date holds, naming the field', () => {
    const st = new StationScript('ST-1');
    const res = decodeJson('birth', Buffer.from(JSON.stringify(st.birth(Date.now(), POISON_MS))));
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.issues.map((i) => i.path)).toContain('/startedAt');
    const ok = decodeJson('birth', Buffer.from(JSON.stringify(st.birth(Date.now(), LIMITS.maxEpochMs))));
    expect(ok.ok).toBe(true);
  });

  it('the writer on real PostgreSQL fails on the poison birth; the batcher stores the rest and drops it', async () => {
    const st = new StationScript('ST-2', 'boot-ST-2-writer');
    const writer = new IngestWriter(h.hub.status, h.hub.snapshots);
    const poison: IngestItem[] = [];
    const batcher = new IngestBatcher(
      async (items) => void (await writer.write(h.hub.db, items)),
      { maxRows: 100, maxDelayMs: 1, retryMinMs: 1 },
      log,
      (i) => poison.push(i),
    );
    const birth: IngestItem = {
      kind: 'birth',
      stationId: 'ST-2',
      receivedAt: Date.now(),
      retained: true,
      payload: st.birth(Date.now(), POISON_MS),
    };
    const healths = [0, 1, 2].map((n) => healthItem(st, n));
    await Promise.all([birth, ...healths].map((i) => batcher.submit(i)));
    expect(poison).toEqual([birth]);
    const n = (await h.hub.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM health_samples WHERE boot_id = 'boot-ST-2-writer'`))
      .rows[0]!.n;
    expect(n).toBe(3);
  });

  it('a retained poison birth is refused and counted; every later message of every station is stored and acknowledged, also after a hub restart', async () => {
    const st = new StationScript('ST-1', 'boot-ST-1-poison');
    const client = await h.station('ST-1');
    const other = await h.station('ST-3');
    const base = await counter(h.hub.metrics.rejected, { reason: 'schema' });
    await client.publishAsync(topicFor('birth', { stationId: 'ST-1' }), encodeMessage('birth', st.birth(Date.now(), POISON_MS)), {
      qos: 1,
      retain: true,
    });
    await until(async () => (await counter(h.hub.metrics.rejected, { reason: 'schema' })) > base, 10_000, 'poison birth refused');
    const other3 = new StationScript('ST-3', 'boot-ST-3-poison');
    // publishAsync resolves on PUBACK: acknowledgements still flow, for the poisoning station and the others.
    await publish(client, 'health', { stationId: 'ST-1' }, st.health(Date.now()));
    await publish(other, 'health', { stationId: 'ST-3' }, other3.health(Date.now()));
    const stored = async (boot: string) =>
      (await h.hub.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM health_samples WHERE boot_id = $1`, [boot])).rows[0]!.n;
    await until(
      async () => (await stored('boot-ST-1-poison')) === 1 && (await stored('boot-ST-3-poison')) === 1,
      10_000,
      'later messages stored',
    );

    // The retained birth is delivered again to the next hub: refused again, ingest goes on.
    const db = h.hub.db; // given to the hub, not owned by it: it outlives the hub
    await h.hub.stop();
    h.hub = await h.startHub({ db });
    await until(
      async () => (await counter(h.hub.metrics.rejected, { reason: 'schema' })) >= 1,
      10_000,
      'poison birth refused after restart',
    );
    await publish(other, 'health', { stationId: 'ST-3' }, other3.health(Date.now()));
    await until(async () => (await stored('boot-ST-3-poison')) === 2, 10_000, 'stored after restart');
    expect(await counter(h.hub.metrics.rejected, { reason: 'store_failed' })).toBe(0);
    await client.publishAsync(topicFor('birth', { stationId: 'ST-1' }), Buffer.alloc(0), { qos: 1, retain: true });
  });
});
