import { TOPICS, encodeMessage, topicFor, validatePayload, type PayloadOf, type StationKind } from '@camwatch/config';
import type { TSchema } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresTarget } from './support/databases.ts';
import { fakeJpeg, StationScript } from './support/fixtures.ts';
import { counter, HubHarness, publish, until } from './support/hub-harness.ts';

interface NumericLeaf {
  path: string[];
  schema: { type: 'integer' | 'number'; minimum?: number; maximum?: number };
}

/** Every integer and number field of a contract schema, nested objects and nullable fields included. */
function numericLeaves(schema: TSchema, path: string[] = []): NumericLeaf[] {
  const s = schema as { type?: string; properties?: Record<string, TSchema>; anyOf?: TSchema[] };
  if (s.type === 'integer' || s.type === 'number') return [{ path, schema: s as NumericLeaf['schema'] }];
  if (s.type === 'object' && s.properties) return Object.entries(s.properties).flatMap(([k, v]) => numericLeaves(v, [...path, k]));
  if (s.anyOf) return s.anyOf.flatMap((m) => numericLeaves(m, path));
  return [];
}

/** The bounds themselves, just past them, and values that break `Date`, `integer` and `real` columns. */
function extremes(leaf: NumericLeaf): number[] {
  const { minimum: min, maximum: max, type } = leaf.schema;
  const values = [0, -1, 2_147_483_648, 8.64e15 + 1, 8.7e15, Number.MAX_SAFE_INTEGER, 1e308, -1e308, 3.5e38];
  if (min !== undefined) values.push(min, min - 1);
  if (max !== undefined) values.push(max, max + 1);
  if (type === 'integer') values.push(0.5);
  return [...new Set(values)];
}

function withValue<T extends object>(base: T, path: string[], value: number): T {
  const copy = structuredClone(base) as Record<string, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) {
    at[key] ??= {};
    at = at[key] as Record<string, unknown>;
  }
  at[path.at(-1)!] = value;
  return copy as T;
}

const STATION = 'ST-2';
const CAMERA = 'ST-2-C1';

/** One valid message of each station-to-hub kind, with nested optional objects filled in so their fields are reached. */
function bases(n: number, now: number): { [K in StationKind]: PayloadOf<K> } {
  const st = new StationScript(STATION, `fuzz-${String(n).padStart(6, '0')}`);
  const env = () => ({ stationId: STATION, bootId: st.bootId, seq: ++st.seq, ts: now, replay: false });
  return {
    birth: st.birth(now),
    state: st.state('online', now),
    health: st.health(now),
    cameraStatus: {
      ...st.status(CAMERA, now, 'degraded', 'low_fps'),
      stream: { codec: 'h264', width: 1920, height: 1080, fps: 2, bitrateKbps: 2048 },
      picture: { frozen: false, blackRatio: 0.1, brightness: 120, variance: 800, sharpness: 150, viewDistance: 3 },
    },
    snapshot: st.snapshotMeta(CAMERA, now),
    event: { ...env(), kind: 'outbox_gap', cameraId: null, message: 'gap', gap: { dropped: 5, fromTs: now - 60_000, toTs: now } },
    commandReply: { ...env(), commandId: 'cmd-00000001', ok: true, message: 'done' },
  };
}

const KINDS: StationKind[] = ['birth', 'state', 'health', 'cameraStatus', 'snapshot', 'event', 'commandReply'];

describe('ingest fuzz: extreme values in every numeric and time field, through Mosquitto into PostgreSQL', () => {
  const h = new HubHarness('mosquitto', postgresTarget());
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('nothing wedges: every message is acknowledged and either stored or rejected with a reason', async () => {
    const client = await h.station(STATION);
    const now = Date.now();
    const total = async () =>
      (await counter(h.hub.metrics.stored)) + (await counter(h.hub.metrics.duplicates)) + (await counter(h.hub.metrics.rejected));
    const before = await total();
    let sent = 0;
    let invalid = 0;
    const acks: Promise<unknown>[] = [];
    for (const kind of KINDS) {
      for (const leaf of numericLeaves(TOPICS[kind].schema as TSchema)) {
        for (const value of extremes(leaf)) {
          const payload = withValue(bases(sent, now)[kind], leaf.path, value);
          if (!validatePayload(kind, payload).ok) invalid++;
          const params = kind === 'cameraStatus' || kind === 'snapshot' ? { stationId: STATION, cameraId: CAMERA } : { stationId: STATION };
          const body =
            kind === 'snapshot'
              ? encodeMessage('snapshot', payload as PayloadOf<'snapshot'>, fakeJpeg(sent))
              : Buffer.from(JSON.stringify(payload));
          // Retained for birth and state, as agents publish them: retained messages skip the timestamp check.
          acks.push(client.publishAsync(topicFor(kind, params as never), body, { qos: 1, retain: kind === 'birth' || kind === 'state' }));
          sent++;
        }
      }
    }
    expect(sent).toBeGreaterThan(300);
    expect(invalid).toBeGreaterThan(100);
    // publishAsync resolves on the PUBACK: every message is acknowledged.
    await Promise.all(acks);
    await until(async () => (await total()) - before >= sent, 30_000, 'every message accounted for');
    expect((await total()) - before).toBe(sent);
    expect(await counter(h.hub.metrics.rejected, { reason: 'schema' })).toBeGreaterThanOrEqual(invalid);
    // A schema-valid extreme is storable: none failed in the database.
    expect(await counter(h.hub.metrics.rejected, { reason: 'store_failed' })).toBe(0);

    // And the hub still ingests, for this station and the others.
    const other = await h.station('ST-3');
    const st3 = new StationScript('ST-3', 'boot-ST-3-after-fuzz');
    await publish(other, 'health', { stationId: 'ST-3' }, st3.health(Date.now()));
    await until(
      async () =>
        (await h.hub.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM health_samples WHERE boot_id = 'boot-ST-3-after-fuzz'`))
          .rows[0]!.n === 1,
      10_000,
      'stored after the fuzz',
    );
    for (const kind of ['birth', 'state'] as const)
      await client.publishAsync(topicFor(kind, { stationId: STATION }), Buffer.alloc(0), { qos: 1, retain: true });
  });
});
