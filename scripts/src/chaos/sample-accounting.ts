import pg from 'pg';
import type { ProducedRecord } from './produced-ledger.ts';

/** Every produced message against what the hub stored. */
export interface Accounting {
  /** Data messages the agents committed (snapshots excepted: see `snapshots`). */
  produced: number;
  /** Of those, how many are stored (once or more). */
  stored: number;
  lost: number;
  /** Extra copies of a message in the database (same station, boot and seq stored twice). */
  duplicates: number;
  /**
   * Stored rows received before the ledger was read that match no produced message (station,
   * boot, seq and kind), whatever their seq: a message no agent committed, or a mangled identity.
   */
  unexpected: number;
  /** Longest time from a sample's edge timestamp to its receipt by the hub (outages included). */
  maxLagMs: number;
  /** 99th percentile of that delay for samples sent live (not from the outbox after an outage). */
  p99LiveLagMs: number;
  snapshots: {
    produced: number;
    /** Rows kept: the hub keeps the latest and an hourly history per camera, by design not every one. */
    kept: number;
    /** Cameras whose latest stored snapshot is older than the latest one produced. */
    latestMissing: number;
    /**
     * Produced snapshots neither kept nor within the history period of a kept history snapshot of
     * their camera: by the hub's rule (at most one scheduled snapshot a period is kept, the others
     * dropped only because one is near) each of them is lost history.
     */
    historyMissing: number;
  };
}

/** The stored message tables, the kind the agent gave their rows, and whether the row says it was replayed. */
const STORED = [
  ['health_samples', 'health', 'replay'],
  ['camera_status_samples', 'cameraStatus', 'replay'],
  ['station_events', 'event', 'replay'],
  ['command_replies', 'commandReply', 'replay'],
  ['snapshots', 'snapshot', 'false'],
] as const;

const STORED_SQL = STORED.map(
  ([table, kind, replay]) => `SELECT station_id, boot_id, seq, ts, received_at, ${replay} AS replay, '${kind}'::text AS kind FROM ${table}`,
).join('\n UNION ALL ');

/**
 * Loads the production ledger into a temporary table of one session and compares it with the
 * stored rows in SQL, so a long run's millions of messages never sit in this process's memory.
 */
export class SampleAccountant {
  private constructor(
    private readonly client: pg.Client,
    private readonly ledgerReadAt: number,
    private readonly snapshotHistoryMs: number,
  ) {}

  /**
   * `ledgerReadAt`: when the ledgers' cut-offs were taken. The simulator publishes only committed
   * records, so every row the hub received before then has its ledger entry; later rows may be
   * of records produced after the cut-off and are not judged.
   */
  static async open(databaseUrl: string, ledgerReadAt: number, snapshotHistoryMs: number): Promise<SampleAccountant> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`CREATE TEMP TABLE chaos_produced (
      station_id text NOT NULL, boot_id text NOT NULL, seq bigint NOT NULL, kind text NOT NULL, camera_id text, ts bigint NOT NULL)`);
    return new SampleAccountant(client, ledgerReadAt, snapshotHistoryMs);
  }

  async load(records: readonly ProducedRecord[]): Promise<void> {
    if (records.length === 0) return;
    const col = <T>(f: (r: ProducedRecord) => T) => records.map(f);
    await this.client.query(
      `INSERT INTO chaos_produced SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::bigint[])`,
      [col((r) => r.stationId), col((r) => r.bootId), col((r) => r.seq), col((r) => r.kind), col((r) => r.cameraId), col((r) => r.ts)],
    );
  }

  /** Call once after the last load: indexes the ledger for the joins. */
  async index(): Promise<void> {
    await this.client.query('CREATE INDEX ON chaos_produced (station_id, boot_id, seq)');
    await this.client.query('ANALYZE chaos_produced');
  }

  async compare(): Promise<Accounting> {
    const q = await this.client.query<Record<string, string | number | null>>(
      `
      WITH stored AS (${STORED_SQL}),
      p AS (SELECT * FROM chaos_produced WHERE kind <> 'snapshot'),
      matched AS (
        SELECT p.station_id, p.boot_id, p.seq, count(s.seq) AS copies, max(s.received_at) AS received_at, min(s.ts) AS ts, bool_or(s.replay) AS replay
          FROM p LEFT JOIN stored s ON s.station_id = p.station_id AND s.boot_id = p.boot_id AND s.seq = p.seq AND s.kind = p.kind
         GROUP BY p.station_id, p.boot_id, p.seq),
      lags AS (SELECT extract(epoch FROM received_at - ts) * 1000 AS lag, replay FROM matched WHERE copies > 0),
      strays AS (
        SELECT count(*) AS n FROM stored s WHERE s.received_at < to_timestamp($1::double precision / 1000)
           AND NOT EXISTS (SELECT 1 FROM chaos_produced c WHERE c.station_id = s.station_id AND c.boot_id = s.boot_id AND c.seq = s.seq AND c.kind = s.kind))
      SELECT
        (SELECT count(*) FROM p) AS produced,
        (SELECT count(*) FROM matched WHERE copies > 0) AS stored,
        (SELECT coalesce(sum(copies - 1), 0) FROM matched WHERE copies > 1) AS duplicates,
        (SELECT n FROM strays) AS unexpected,
        (SELECT coalesce(max(lag), 0) FROM lags) AS max_lag,
        (SELECT coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY lag), 0) FROM lags WHERE NOT replay) AS p99_live_lag`,
      [this.ledgerReadAt],
    );
    const r = q.rows[0]!;
    const n = (k: string) => Math.round(Number(r[k] ?? 0));
    return {
      produced: n('produced'),
      stored: n('stored'),
      lost: n('produced') - n('stored'),
      duplicates: n('duplicates') + (await this.snapshotDuplicates()),
      unexpected: n('unexpected'),
      maxLagMs: n('max_lag'),
      p99LiveLagMs: n('p99_live_lag'),
      snapshots: await this.snapshots(),
    };
  }

  /** Per station: heartbeats produced and the time of its first record (ms), for the cadence check. */
  async healthByStation(): Promise<Array<{ stationId: string; health: number; firstTs: number }>> {
    const q = await this.client.query<{ station_id: string; health: string; first_ts: string }>(
      `SELECT station_id, count(*) FILTER (WHERE kind = 'health') AS health, min(ts) AS first_ts FROM chaos_produced GROUP BY station_id`,
    );
    return q.rows.map((r) => ({ stationId: r.station_id, health: Number(r.health), firstTs: Number(r.first_ts) }));
  }

  /** Identities of missing messages (up to `limit`), to ask the broker tap about. */
  async missingKeys(limit = 10_000): Promise<{ stationId: string; bootId: string; seq: number }[]> {
    const q = await this.client.query<{ station_id: string; boot_id: string; seq: number }>(
      `SELECT p.station_id, p.boot_id, p.seq FROM chaos_produced p WHERE p.kind <> 'snapshot'
      AND NOT EXISTS (SELECT 1 FROM (${STORED_SQL}) s WHERE s.station_id = p.station_id AND s.boot_id = p.boot_id AND s.seq = p.seq AND s.kind = p.kind) LIMIT $1`,
      [limit],
    );
    return q.rows.map((r) => ({ stationId: r.station_id, bootId: r.boot_id, seq: Number(r.seq) }));
  }

  /** What is missing, for the report: counts by kind and boot, and the first few messages. */
  async lostDetail(): Promise<{
    byKind: Record<string, number>;
    byBoot: { stationId: string; bootId: string; missing: number; seqs: string }[];
    byTime: Record<string, number>;
  }> {
    const missing = `SELECT p.* FROM chaos_produced p WHERE p.kind <> 'snapshot' AND NOT EXISTS (SELECT 1 FROM (${STORED_SQL}) s
      WHERE s.station_id = p.station_id AND s.boot_id = p.boot_id AND s.seq = p.seq AND s.kind = p.kind)`;
    const kinds = await this.client.query<{ kind: string; n: string }>(`SELECT kind, count(*) AS n FROM (${missing}) m GROUP BY kind`);
    const boots = await this.client.query<{ station_id: string; boot_id: string; n: string; seqs: string }>(
      `SELECT station_id, boot_id, count(*) AS n, min(seq) || '..' || max(seq) AS seqs FROM (${missing}) m GROUP BY station_id, boot_id ORDER BY count(*) DESC LIMIT 10`,
    );
    // Produced time of the missing messages in 5 s buckets (epoch seconds), to line up with the fault log.
    const times = await this.client.query<{ t: string; n: string }>(
      `SELECT (ts / 5000) * 5 AS t, count(*) AS n FROM (${missing}) m GROUP BY 1 ORDER BY 1`,
    );
    return {
      byTime: Object.fromEntries(times.rows.map((r) => [r.t, Number(r.n)])),
      byKind: Object.fromEntries(kinds.rows.map((r) => [r.kind, Number(r.n)])),
      byBoot: boots.rows.map((r) => ({ stationId: r.station_id, bootId: r.boot_id, missing: Number(r.n), seqs: r.seqs })),
    };
  }

  private async snapshotDuplicates(): Promise<number> {
    const q = await this.client.query<{ n: string }>(
      `SELECT coalesce(sum(c - 1), 0) AS n FROM (SELECT count(*) AS c FROM snapshots GROUP BY station_id, boot_id, seq HAVING count(*) > 1) d`,
    );
    return Number(q.rows[0]!.n);
  }

  private async snapshots(): Promise<Accounting['snapshots']> {
    const q = await this.client.query<{ produced: string; kept: string; latest_missing: string; history_missing: string }>(
      `
      WITH p AS (SELECT * FROM chaos_produced WHERE kind = 'snapshot'),
      last_produced AS (SELECT camera_id, max(ts) AS ts FROM p GROUP BY camera_id),
      unkept AS (SELECT p.* FROM p WHERE NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.station_id = p.station_id AND s.boot_id = p.boot_id AND s.seq = p.seq))
      SELECT (SELECT count(*) FROM p) AS produced,
             (SELECT count(*) FROM p JOIN snapshots s ON s.station_id = p.station_id AND s.boot_id = p.boot_id AND s.seq = p.seq) AS kept,
             (SELECT count(*) FROM last_produced l LEFT JOIN snapshots s ON s.camera_id = l.camera_id AND s.is_latest
               WHERE s.id IS NULL OR s.ts < to_timestamp(l.ts / 1000.0)) AS latest_missing,
             (SELECT count(*) FROM unkept u WHERE NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.camera_id = u.camera_id AND s.in_history
               AND s.ts > to_timestamp((u.ts - $1::double precision) / 1000) AND s.ts < to_timestamp((u.ts + $1::double precision) / 1000))) AS history_missing`,
      [this.snapshotHistoryMs],
    );
    const r = q.rows[0]!;
    return {
      produced: Number(r.produced),
      kept: Number(r.kept),
      latestMissing: Number(r.latest_missing),
      historyMissing: Number(r.history_missing),
    };
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
