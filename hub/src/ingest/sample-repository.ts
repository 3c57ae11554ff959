import { isUtf8 } from 'node:buffer';
import type { Db } from '../db/db.ts';
import { JsonbBytes } from '../db/jsonb-bytes.ts';
import { assertIdentifier } from '../db/copy-text.ts';
import { envelopeOf, type IngestItem } from './ingest-types.ts';

type Item<K extends IngestItem['kind']> = Extract<IngestItem, { kind: K }>;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A column and the SQL that reads it from `p`, the message's payload as jsonb, in a statement
 * (`received_ms` is the hub's receive time). The rows travel as ONE jsonb parameter built from
 * each message's JSON as received (validated against its strict schema, so the text holds exactly
 * the decoded value): no per-column arrays to build and escape, no second serialisation, a third
 * fewer bytes on the socket. PostgreSQL parses it once per message.
 */
type Col = readonly [name: string, sql: string];
const text = (name: string, field: string): Col => [name, `p->>'${field}'`];
const num = (name: string, field: string, type: 'real' | 'float8'): Col => [name, `(p->>'${field}')::${type}`];
// Through numeric: JSON allows 12.0 for an integer the schema accepts, which a direct ::bigint refuses.
const int = (name: string, field: string, type: 'integer' | 'bigint'): Col => [name, `(p->>'${field}')::numeric::${type}`];
const bool = (name: string, field: string): Col => [name, `(p->>'${field}')::boolean`];
// JSON null is SQL NULL in these columns, as the array parameters stored it.
const jsonb = (name: string, field: string): Col => [name, `NULLIF(p->'${field}', 'null'::jsonb)`];
// Epoch milliseconds: to_timestamp rounds to the microsecond, so a millisecond comes back exact.
const time = (name: string, field: string): Col => [name, `to_timestamp((p->>'${field}')::float8 / 1000)`];

/** The envelope's columns, read from the keys the statement computes once (`station_id`, `boot_id`, `seq`). */
const ENVELOPE: Col[] = [
  ['station_id', 'station_id'],
  ['boot_id', 'boot_id'],
  ['seq', 'seq'],
  time('ts', 'ts'),
  ['received_at', 'to_timestamp(received_ms / 1000)'],
  bool('replay', 'replay'),
];

/** Column mapping per stored kind (the table layouts are in migration 002), and the payload times a Date must hold. */
const TABLES = {
  health: {
    table: 'health_samples',
    cols: [
      ...ENVELOPE,
      num('cpu_pct', 'cpuPct', 'real'),
      num('load1', 'load1', 'real'),
      num('mem_used_pct', 'memUsedPct', 'real'),
      num('disk_used_pct', 'diskUsedPct', 'real'),
      num('temp_c', 'tempC', 'real'),
      int('uptime_s', 'uptimeS', 'bigint'),
      num('uplink_latency_ms', 'uplinkLatencyMs', 'real'),
      int('bytes_sent_today', 'bytesSentToday', 'bigint'),
      num('clock_offset_ms', 'clockOffsetMs', 'float8'),
      int('outbox_pending', 'outboxPending', 'integer'),
      int('outbox_dropped', 'outboxDropped', 'bigint'),
      int('byte_budget', 'byteBudget', 'bigint'),
      int('bytes_projected_today', 'bytesProjectedToday', 'bigint'),
      text('snapshot_mode', 'snapshotMode'),
    ],
    times: [],
  },
  cameraStatus: {
    table: 'camera_status_samples',
    cols: [
      ...ENVELOPE,
      text('camera_id', 'cameraId'),
      text('status', 'status'),
      text('cause', 'cause'),
      text('detail', 'detail'),
      jsonb('stream', 'stream'),
      jsonb('picture', 'picture'),
      int('check_ms', 'checkMs', 'integer'),
    ],
    times: [],
  },
  event: {
    table: 'station_events',
    cols: [...ENVELOPE, text('kind', 'kind'), text('camera_id', 'cameraId'), text('message', 'message'), jsonb('gap', 'gap')],
    times: [],
  },
  commandReply: {
    table: 'command_replies',
    cols: [...ENVELOPE, text('command_id', 'commandId'), bool('ok', 'ok'), text('message', 'message')],
    times: [],
  },
  birth: {
    table: 'station_births',
    cols: [
      ...ENVELOPE,
      text('agent_version', 'agentVersion'),
      text('config_hash', 'configHash'),
      time('started_at', 'startedAt'),
      jsonb('intervals', 'intervals'),
      jsonb('cameras', 'cameras'),
    ],
    times: ['startedAt'],
  },
} as const satisfies Record<string, { table: string; cols: readonly Col[]; times: readonly string[] }>;

export type SampleKind = keyof typeof TABLES;
export const SAMPLE_KINDS = Object.keys(TABLES) as SampleKind[];
/** The sample kinds that are data messages (keyed; see KeyedItem): all but `birth`. */
export type KeyedSampleKind = Exclude<SampleKind, 'birth'>;
export const KEYED_SAMPLE_KINDS = SAMPLE_KINDS.filter((k): k is KeyedSampleKind => k !== 'birth');

export interface StoreResult<I> {
  /** Stored now: the first time the message is seen. */
  stored: Set<I>;
  /** Not stored; `conflicting` when the earlier claim of its key had another kind or ts (same ids, other payload). */
  duplicates: { item: I; conflicting: boolean }[];
}

const epochMsOf = (col: string) => `round(extract(epoch FROM ${col}) * 1000)::float8`;
const columnList = (cols: readonly Col[]) => cols.map(([n]) => assertIdentifier(n)).join(', ');
const selectList = (cols: readonly Col[]) => cols.map(([, sql]) => sql).join(', ');

/** Lone surrogates (a JSON \\ud800 escape) become U+FFFD, as node-postgres' UTF-8 encoding made them; jsonb refuses them. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const wellFormed = (_key: string, v: unknown) => (typeof v === 'string' ? v.replace(LONE_SURROGATE, '\ufffd') : v);

const BACKSLASH_U = Buffer.from('\\u');
/** The payload's bytes as received when jsonb takes them as they are: UTF-8, and no \\u escape (it may be a lone surrogate). */
const asReceived = (raw: Buffer | undefined) => raw !== undefined && raw.indexOf(BACKSLASH_U) === -1 && isUtf8(raw);

/**
 * The rows' parameter: `[[receivedAt, payload], …]` as jsonb bytes (JsonbBytes: binary format). Each payload
 * goes in as the bytes received when it can (above), so no JS string is built, flattened and encoded
 * again; else it is serialised anew. A time outside what a Date holds (±8.64e15 ms) throws a
 * RangeError here, as building its ISO string did: the batcher drops that one message.
 */
function rowsParam(items: readonly IngestItem[], times: readonly string[]): JsonbBytes {
  const fields = ['ts', ...times];
  const bodies: Buffer[] = new Array<Buffer>(items.length);
  const stamps: string[] = new Array<string>(items.length);
  let size = 3 + Math.max(0, items.length - 1); // version, '[' and ']', the commas between rows
  for (let n = 0; n < items.length; n++) {
    const i = items[n]!;
    const payload = i.payload as unknown as Record<string, unknown>;
    for (const f of fields) {
      const ms = payload[f];
      if (typeof ms === 'number' && !(Math.abs(ms) <= MAX_DATE_MS)) throw new RangeError(`${f} ${ms} is outside what a Date holds`);
    }
    const body = asReceived(i.raw) ? i.raw! : Buffer.from(JSON.stringify(payload, wellFormed));
    const stamp = String(i.receivedAt);
    bodies[n] = body;
    stamps[n] = stamp;
    size += body.length + stamp.length + 3; // '[', ',' and ']'
  }
  const out = Buffer.allocUnsafe(size);
  out[0] = 1; // jsonb binary format version
  out[1] = 0x5b;
  let o = 2;
  for (let n = 0; n < items.length; n++) {
    if (n > 0) out[o++] = 0x2c;
    out[o++] = 0x5b;
    o += out.write(stamps[n]!, o, 'latin1');
    out[o++] = 0x2c;
    o += bodies[n]!.copy(out, o);
    out[o++] = 0x5d;
  }
  out[o++] = 0x5d;
  return new JsonbBytes(out);
}
const MAX_DATE_MS = 8.64e15;

/** The rows as `v(n, station_id, boot_id, seq, p, received_ms)`, keys read once. */
const ROWS = `SELECT a.n, a.e->1->>'stationId' AS station_id, a.e->1->>'bootId' AS boot_id,
    (a.e->1->>'seq')::numeric::bigint AS seq, a.e->1 AS p, (a.e->>0)::float8 AS received_ms
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS a(e, n)`;

export const messageKey = (stationId: string, bootId: string, seq: number) => `${stationId}|${bootId}|${seq}`;

/**
 * A data message: one the agent's outbox numbers, +1 each. Not `state` (no envelope) and not `birth`:
 * a birth is re-sent retained on every connect carrying the last seq issued, which is a data message's
 * (possibly still in the outbox, to be replayed after the birth), so it must not claim that key.
 */
export type KeyedItem = Exclude<IngestItem, { kind: 'state' | 'birth' }>;
export const isKeyed = (i: IngestItem): i is KeyedItem => i.kind !== 'state' && i.kind !== 'birth';

export interface KeyClaim {
  /** Items that claimed their (station, boot, seq) now: the first time the message is seen. */
  claimed: Set<KeyedItem>;
  /** Items whose key was claimed before by a message of another kind or ts: same ids, other payload. */
  conflicting: KeyedItem[];
}

/**
 * The SQL of samples and message keys. Stateless: every method runs in the Db it is given, the
 * ingest writer's transaction (or the retention job's pool).
 */
export class SampleRepository {
  /**
   * Inserts one kind's messages in one statement (one array parameter per column, unnested
   * server side) and skips those already stored. Returns the keys of the rows actually inserted.
   */
  async insert<K extends SampleKind>(db: Db, kind: K, items: readonly Item<K>[]): Promise<Set<string>> {
    if (items.length === 0) return new Set();
    const { table, cols, times } = TABLES[kind];
    const sql = `WITH v AS (${ROWS})
      INSERT INTO ${table} (${columnList(cols)}) SELECT ${selectList(cols)} FROM v
      ON CONFLICT DO NOTHING RETURNING station_id, boot_id, seq`;
    const res = await db.query<{ station_id: string; boot_id: string; seq: number | string }>(sql, [rowsParam(items, times)]);
    return new Set(res.rows.map((r) => messageKey(r.station_id, r.boot_id, Number(r.seq))));
  }

  /**
   * Claims the messages' keys in `message_keys` and inserts the samples whose claim succeeded, in
   * ONE statement: each message's ids and timestamp travel once, and only the messages NOT stored
   * come back (none, usually), with the earlier claim of their key when it was committed before this
   * statement began. Keys must be unique within `items` (the writer drops a batch's inner duplicates
   * first, in arrival order). A claimed message whose sample row exists already (stored before
   * message_keys existed) is a duplicate too: the insert still skips conflicts.
   */
  async store<K extends KeyedSampleKind>(db: Db, kind: K, items: readonly Item<K>[]): Promise<StoreResult<Item<K>>> {
    const out: StoreResult<Item<K>> = { stored: new Set(items), duplicates: [] };
    if (items.length === 0) return out;
    const { table, cols, times } = TABLES[kind];
    const sql = `WITH v AS (${ROWS}),
      claimed AS (INSERT INTO message_keys (station_id, boot_id, seq, kind, ts)
        SELECT station_id, boot_id, seq, $2::text, to_timestamp((p->>'ts')::float8 / 1000) FROM v
        ON CONFLICT DO NOTHING RETURNING station_id, boot_id, seq),
      stored AS (INSERT INTO ${table} (${columnList(cols)})
        SELECT ${selectList(cols)} FROM v JOIN claimed USING (station_id, boot_id, seq)
        ON CONFLICT DO NOTHING RETURNING station_id, boot_id, seq)
      SELECT v.n, k.kind, ${epochMsOf('k.ts')} AS prior_ts FROM v
        LEFT JOIN LATERAL (SELECT kind, ts FROM message_keys m WHERE m.station_id = v.station_id AND m.boot_id = v.boot_id AND m.seq = v.seq) k ON true
       WHERE NOT EXISTS (SELECT 1 FROM stored s WHERE s.station_id = v.station_id AND s.boot_id = v.boot_id AND s.seq = v.seq)`;
    const res = await db.query<{ n: number; kind: string | null; prior_ts: number | null }>(sql, [rowsParam(items, times), kind]);
    for (const r of res.rows) {
      const item = items[Number(r.n) - 1]!;
      out.stored.delete(item);
      out.duplicates.push({ item, conflicting: r.kind !== null && (r.kind !== kind || r.prior_ts !== envelopeOf(item as KeyedItem).ts) });
    }
    return out;
  }

  /**
   * Claims each message's (station_id, boot_id, seq) in `message_keys` (migration 111): the one rule
   * that a message is stored once, whatever its kind or ts. Within a batch the first item with a key
   * claims it. One statement, plus one read of the earlier claims when there are duplicates.
   */
  async claimKeys(db: Db, items: readonly KeyedItem[]): Promise<KeyClaim> {
    const out: KeyClaim = { claimed: new Set(), conflicting: [] };
    if (items.length === 0) return out;
    const envs = items.map(envelopeOf);
    const res = await db.query<{ station_id: string; boot_id: string; seq: number }>(
      `INSERT INTO message_keys (station_id, boot_id, seq, kind, ts)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::timestamptz[]) ON CONFLICT DO NOTHING RETURNING station_id, boot_id, seq`,
      [
        items.map((i) => i.stationId),
        envs.map((e) => e.bootId),
        envs.map((e) => e.seq),
        items.map((i) => i.kind),
        envs.map((e) => iso(e.ts)),
      ],
    );
    const fresh = new Set(res.rows.map((r) => messageKey(r.station_id, r.boot_id, Number(r.seq))));
    const dups: KeyedItem[] = [];
    items.forEach((item, n) => {
      const key = messageKey(item.stationId, envs[n]!.bootId, envs[n]!.seq);
      if (fresh.delete(key)) out.claimed.add(item);
      else dups.push(item);
    });
    if (dups.length === 0) return out;
    const dupEnvs = dups.map(envelopeOf);
    const prior = await db.query<{ station_id: string; boot_id: string; seq: number; kind: string; ts: Date }>(
      `SELECT k.station_id, k.boot_id, k.seq, k.kind, k.ts FROM message_keys k
       JOIN unnest($1::text[], $2::text[], $3::bigint[]) AS d(station_id, boot_id, seq) USING (station_id, boot_id, seq)`,
      [dups.map((i) => i.stationId), dupEnvs.map((e) => e.bootId), dupEnvs.map((e) => e.seq)],
    );
    const claimedAs = new Map(prior.rows.map((r) => [messageKey(r.station_id, r.boot_id, Number(r.seq)), `${r.kind}|${r.ts.getTime()}`]));
    dups.forEach((item, n) => {
      const was = claimedAs.get(messageKey(item.stationId, dupEnvs[n]!.bootId, dupEnvs[n]!.seq));
      if (was !== undefined && was !== `${item.kind}|${dupEnvs[n]!.ts}`) out.conflicting.push(item);
    });
    return out;
  }

  /** Forgets message keys whose messages can no longer be accepted (older than `maxReplayAgeMs` by their ts). */
  async expireKeys(db: Db, before: number): Promise<number> {
    return (await db.query('DELETE FROM message_keys WHERE ts < $1', [iso(before)])).rowCount;
  }

  /** Deletes raw samples older than `before` from each table (plain PostgreSQL; TimescaleDB drops chunks itself). */
  async deleteRawBefore(db: Db, tables: readonly string[], before: number): Promise<Record<string, number>> {
    const deleted: Record<string, number> = {};
    for (const table of tables) {
      assertIdentifier(table);
      deleted[table] = (await db.query(`DELETE FROM ${table} WHERE ts < $1`, [iso(before)])).rowCount;
    }
    return deleted;
  }
}
