import pg from 'pg';
import { readProc, readProcTree } from '../bench/process-meter.ts';

/** The fleet's own counts, polled every few seconds while it connects (the connection phase's clock). */
export interface ConnectProgress {
  /** Seconds since the fleet started. */
  t: number;
  booted: number;
  connected: number;
}

/** One look at the whole system during a load run. */
export interface LoadSample {
  /** Seconds since the fleet started. */
  t: number;
  /** Taken while stations were still connecting, or in the steady window once all were connected. */
  phase: 'connect' | 'steady';
  /** Stations the simulators' staggered start-up has booted, and of them those with a live MQTT connection. */
  booted: number;
  connected: number;
  /** Messages waiting in the stations' outboxes (the edge's backlog: nonzero when the broker or hub lags). */
  outboxPending: number;
  /** Data messages the agents produced, in total (snapshots included). */
  produced: number;
  /** Of those, health, camera status and event messages: what `stored` counts, the same kinds. */
  producedRows: number;
  /** Data messages the brokers acknowledged to the agents (PUBACK), in total. */
  acked: number;
  /** Health, status and event rows in the database, in total (snapshots are kept by the hour, not counted). */
  stored: number;
  /** How old the newest stored heartbeat is: near zero while the hubs keep up, growing while they fall behind. */
  stalenessMs: number | null;
  /** Delay from a health sample's edge timestamp to its receipt by a hub, for samples received in the last interval. */
  lagP50Ms: number | null;
  lagP99Ms: number | null;
  lagMaxMs: number | null;
  /** RSS per process, MB (postgres: PSS summed over the postmaster and its backends). */
  rssMB: Record<string, number>;
  /** CPU over the last interval, % of one core. */
  cpuPct: Record<string, number>;
  /** PostgreSQL processes metered under `postgres` (postmaster, backends, workers). */
  pgProcesses: number;
  /** Client backends in pg_stat_activity (the sampler's own left out): all, active, and active ones waiting, by wait event. */
  pgBackends: number;
  pgActive: number;
  pgWaits: Record<string, number>;
}

export interface FleetFigures {
  booted: number;
  connected: number;
  outboxPending: number;
  produced: number;
  producedRows: number;
  acked: number;
}

export interface Watched {
  name: string;
  pid: () => number | null;
  /** Meter the process with its descendants (PostgreSQL: the postmaster alone does almost none of the work). */
  tree?: boolean;
}

/**
 * Samples memory and CPU of every process of the run from /proc, and throughput and lag from
 * the database (the hubs' own view: `received_at` is stamped by the hub that took the message).
 */
export class LoadSampler {
  private readonly lastCpu = new Map<string, { cpuS: number; at: number }>();
  private client: pg.Client | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly watched: readonly Watched[],
  ) {}

  async sample(t: number, phase: LoadSample['phase'], fleet: FleetFigures, windowS: number): Promise<LoadSample> {
    this.client ??= await this.connect();
    const rows = await this.client.query<{
      stored: number;
      staleness: number | null;
      p50: number | null;
      p99: number | null;
      max: number | null;
    }>(
      `
      SELECT (SELECT count(*) FROM health_samples) + (SELECT count(*) FROM camera_status_samples) + (SELECT count(*) FROM station_events) AS stored,
             (SELECT extract(epoch FROM now() - max(ts)) * 1000 FROM health_samples) AS staleness,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY lag) AS p99, max(lag) AS max
        FROM (SELECT extract(epoch FROM received_at - ts) * 1000 AS lag FROM health_samples WHERE received_at > now() - make_interval(secs => $1)) l`,
      [windowS],
    );
    const r = rows.rows[0]!;
    // What the backends are doing right now: lock waits between hubs (advisory locks), I/O, or plain CPU.
    const activity = await this.client.query<{ state: string | null; wait: string | null; n: number }>(
      `SELECT state, wait_event_type || ':' || wait_event AS wait, count(*)::int AS n
         FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1, 2`,
    );
    let pgBackends = 0;
    let pgActive = 0;
    const pgWaits: Record<string, number> = {};
    for (const a of activity.rows) {
      pgBackends += a.n;
      if (a.state !== 'active') continue;
      pgActive += a.n;
      if (a.wait) pgWaits[a.wait] = (pgWaits[a.wait] ?? 0) + a.n;
    }
    let pgProcesses = 0;
    const rssMB: Record<string, number> = {};
    const cpuPct: Record<string, number> = {};
    const now = Date.now();
    for (const w of this.watched) {
      const pid = w.pid();
      const proc = pid === null ? null : w.tree ? treeFigures(pid) : selfFigures(pid);
      if (!proc) continue;
      if (w.tree) pgProcesses += proc.processes;
      rssMB[w.name] = Math.round(proc.memMB);
      const prev = this.lastCpu.get(w.name);
      if (prev) cpuPct[w.name] = Math.round(((proc.cpuS - prev.cpuS) / Math.max(0.001, (now - prev.at) / 1000)) * 100);
      this.lastCpu.set(w.name, { cpuS: proc.cpuS, at: now });
    }
    const round = (v: number | null) => (v === null ? null : Math.round(Number(v)));
    return {
      t,
      phase,
      ...fleet,
      stored: Number(r.stored),
      stalenessMs: round(r.staleness),
      lagP50Ms: round(r.p50),
      lagP99Ms: round(r.p99),
      lagMaxMs: round(r.max),
      rssMB,
      cpuPct,
      pgProcesses,
      pgBackends,
      pgActive,
      pgWaits,
    };
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    await client.connect();
    return client;
  }

  async close(): Promise<void> {
    await this.client?.end();
    this.client = null;
  }
}

function selfFigures(pid: number): { cpuS: number; memMB: number; processes: number } | null {
  const p = readProc(pid);
  return p && { cpuS: p.selfCpuS, memMB: p.rssMB, processes: 1 };
}

/** A process tree's CPU and memory (PSS sum: shared pages counted once in all). */
function treeFigures(pid: number): { cpuS: number; memMB: number; processes: number } | null {
  const t = readProcTree(pid);
  return t && { cpuS: t.cpuS, memMB: t.pssMB, processes: t.processes };
}
