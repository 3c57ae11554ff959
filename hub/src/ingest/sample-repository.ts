import type { Db } from '../db/db.ts';
import { assertIdentifier } from '../db/copy-text.ts';
import { envelopeOf, type IngestItem } from './ingest-types.ts';

type Col<I> = readonly [name: string, pgType: string, get: (item: I) => unknown];
type Item<K extends IngestItem['kind']> = Extract<IngestItem, { kind: K }>;

const iso = (ms: number) => new Date(ms).toISOString();
const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

interface Enveloped {
  stationId: string;
  receivedAt: number;
  payload: { bootId: string; seq: number; ts: number; replay: boolean };
}

function envelope<I extends Enveloped>(): Col<I>[] {
  return [
    ['station_id', 'text', (i) => i.stationId],
    ['boot_id', 'text', (i) => i.payload.bootId],
    ['seq', 'bigint', (i) => i.payload.seq],
    ['ts', 'timestamptz', (i) => iso(i.payload.ts)],
    ['received_at', 'timestamptz', (i) => iso(i.receivedAt)],
    ['replay', 'boolean', (i) => i.payload.replay],
  ];
}

/** Column mapping per stored kind; the table layouts are in migration 002. */
const TABLES = {
  health: {
    table: 'health_samples',
    cols: [
      ...envelope<Item<'health'>>(),
      ['cpu_pct', 'real', (i) => i.payload.cpuPct],
      ['load1', 'real', (i) => i.payload.load1],
      ['mem_used_pct', 'real', (i) => i.payload.memUsedPct],
      ['disk_used_pct', 'real', (i) => i.payload.diskUsedPct],
      ['temp_c', 'real', (i) => i.payload.tempC],
      ['uptime_s', 'bigint', (i) => i.payload.uptimeS],
      ['uplink_latency_ms', 'real', (i) => i.payload.uplinkLatencyMs],
      ['bytes_sent_today', 'bigint', (i) => i.payload.bytesSentToday],
      ['clock_offset_ms', 'float8', (i) => i.payload.clockOffsetMs],
      ['outbox_pending', 'integer', (i) => i.payload.outboxPending],
      ['outbox_dropped', 'bigint', (i) => i.payload.outboxDropped],
      ['byte_budget', 'bigint', (i) => i.payload.byteBudget ?? null],
      ['bytes_projected_today', 'bigint', (i) => i.payload.bytesProjectedToday ?? null],
      ['snapshot_mode', 'text', (i) => i.payload.snapshotMode ?? null],
    ] as Col<Item<'health'>>[],
  },
  cameraStatus: {
    table: 'camera_status_samples',
    cols: [
      ...envelope<Item<'cameraStatus'>>(),
      ['camera_id', 'text', (i) => i.payload.cameraId],
      ['status', 'text', (i) => i.payload.status],
      ['cause', 'text', (i) => i.payload.cause],
      ['detail', 'text', (i) => i.payload.detail],
      ['stream', 'jsonb', (i) => json(i.payload.stream)],
      ['picture', 'jsonb', (i) => json(i.payload.picture)],
      ['check_ms', 'integer', (i) => i.payload.checkMs],
    ] as Col<Item<'cameraStatus'>>[],
  },
  event: {
    table: 'station_events',
    cols: [
      ...envelope<Item<'event'>>(),
      ['kind', 'text', (i) => i.payload.kind],
      ['camera_id', 'text', (i) => i.payload.cameraId],
      ['message', 'text', (i) => i.payload.message],
      ['gap', 'jsonb', (i) => json(i.payload.gap)],
    ] as Col<Item<'event'>>[],
  },
  commandReply: {
    table: 'command_replies',
    cols: [
      ...envelope<Item<'commandReply'>>(),
      ['command_id', 'text', (i) => i.payload.commandId],
      ['ok', 'boolean', (i) => i.payload.ok],
      ['message', 'text', (i) => i.payload.message],
    ] as Col<Item<'commandReply'>>[],
  },
  birth: {
    table: 'station_births',
    cols: [
      ...envelope<Item<'birth'>>(),
      ['agent_version', 'text', (i) => i.payload.agentVersion],
      ['config_hash', 'text', (i) => i.payload.configHash],
      ['started_at', 'timestamptz', (i) => iso(i.payload.startedAt)],
      ['intervals', 'jsonb', (i) => json(i.payload.intervals)],
      ['cameras', 'jsonb', (i) => json(i.payload.cameras)],
    ] as Col<Item<'birth'>>[],
  },
} as const;

export type SampleKind = keyof typeof TABLES;
export const SAMPLE_KINDS = Object.keys(TABLES) as SampleKind[];

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
    const { table, cols } = TABLES[kind] as unknown as { table: string; cols: Col<Item<K>>[] };
    const names = cols.map(([n]) => assertIdentifier(n));
    const arrays = cols.map(([, , get]) => items.map(get));
    const unnest = cols.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
    const sql = `INSERT INTO ${table} (${names.join(', ')}) SELECT * FROM unnest(${unnest})
      ON CONFLICT DO NOTHING RETURNING station_id, boot_id, seq`;
    const res = await db.query<{ station_id: string; boot_id: string; seq: number | string }>(sql, arrays);
    return new Set(res.rows.map((r) => messageKey(r.station_id, r.boot_id, Number(r.seq))));
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
