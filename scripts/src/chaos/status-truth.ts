import pg from 'pg';
import type { CameraStatusValue, Inventory } from '@camwatch/config';
import type { PictureFault } from '../simulator/fault-profile.ts';

export type ScriptedCamera = 'ok' | 'dead' | PictureFault;

/**
 * What the hub must show for a camera in each scripted condition: status and cause, written out
 * here from the domain rules (a frozen, black or covered picture is as bad as no picture; a
 * blurred, turned or stuttering one still shows the street) rather than asked of the simulator's
 * own verdict function, so a wrong verdict there or in the agent is a mismatch, not the truth.
 */
const EXPECTED_CAMERA: Readonly<Record<ScriptedCamera, { status: CameraStatusValue; cause: string | null }>> = {
  ok: { status: 'ok', cause: null },
  dead: { status: 'down', cause: 'unreachable' },
  frozen: { status: 'down', cause: 'frozen' },
  black: { status: 'down', cause: 'black' },
  covered: { status: 'down', cause: 'covered' },
  blurred: { status: 'degraded', cause: 'blurred' },
  turned: { status: 'degraded', cause: 'view_changed' },
  low_fps: { status: 'degraded', cause: 'low_fps' },
};

/** Offline periods of stations no fault touched: how many, the longest, and by cause. */
export interface FalseOutages {
  stations: number;
  intervals: number;
  longestMs: number;
  byCause: Record<string, number>;
}

export interface Mismatch {
  id: string;
  expected: string;
  stored: string | null;
}

/**
 * What the hub should show once the faults are over: the chaos runner records every camera and
 * power fault it scripts here (the fleet runs with no spontaneous faults), so the truth is known
 * without asking the system under test.
 */
export class StatusTruth {
  private readonly cameras = new Map<string, ScriptedCamera>();
  private readonly unpowered = new Set<string>();
  private readonly stationOf = new Map<string, string>();

  constructor(inventory: Inventory) {
    for (const c of inventory.cameras) {
      this.stationOf.set(c.id, c.stationId);
      this.cameras.set(c.id, 'ok');
    }
  }

  setCamera(cameraId: string, condition: ScriptedCamera): void {
    this.cameras.set(cameraId, condition);
  }

  condition(cameraId: string): ScriptedCamera {
    return this.cameras.get(cameraId) ?? 'ok';
  }

  setPowered(stationId: string, powered: boolean): void {
    if (powered) this.unpowered.delete(stationId);
    else this.unpowered.add(stationId);
  }

  unpoweredStations(): string[] {
    return [...this.unpowered];
  }

  expectedStation(stationId: string): 'online' | 'offline' {
    return this.unpowered.has(stationId) ? 'offline' : 'online';
  }

  /** Status and cause the hub should show: `unknown` (no cause checked) while its station is without power. */
  expectedCamera(cameraId: string): { status: CameraStatusValue | 'unknown'; cause: string | null | undefined } {
    if (this.unpowered.has(this.stationOf.get(cameraId)!)) return { status: 'unknown', cause: undefined };
    return EXPECTED_CAMERA[this.cameras.get(cameraId) ?? 'ok'];
  }

  /**
   * Offline periods the hub recorded since `since` for stations no fault ever touched: a red
   * marker for a station that was fine all along (the broker or the hub was away, not it).
   */
  static async falseOutages(databaseUrl: string, since: number, touched: ReadonlySet<string>): Promise<FalseOutages> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const q = await client.query<{ cause: string | null; total: number; stations: number; intervals: number; longest_ms: number | null }>(
        `SELECT cause, GROUPING(cause)::int AS total, count(DISTINCT station_id)::int AS stations, count(*)::int AS intervals,
                (max(extract(epoch FROM coalesce(ended_at, now()) - started_at)) * 1000)::int AS longest_ms
           FROM station_status_intervals
          WHERE status = 'offline' AND started_at >= $1 AND NOT (station_id = ANY($2::text[])) GROUP BY ROLLUP (cause)`,
        [new Date(since).toISOString(), [...touched]],
      );
      const total = q.rows.find((r) => r.total === 1);
      const byCause = Object.fromEntries(q.rows.filter((r) => r.total === 0).map((r) => [r.cause ?? 'none', r.intervals]));
      return { stations: total?.stations ?? 0, intervals: total?.intervals ?? 0, longestMs: total?.longest_ms ?? 0, byCause };
    } finally {
      await client.end();
    }
  }

  /** Stations and cameras whose status in the hub's database differs from the truth. */
  async mismatches(databaseUrl: string): Promise<{ stations: Mismatch[]; cameras: Mismatch[] }> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const live = new Map(
        (await client.query<{ station_id: string; state: string }>('SELECT station_id, state FROM station_liveness')).rows.map((r) => [
          r.station_id,
          r.state,
        ]),
      );
      const open = new Map(
        (
          await client.query<{ camera_id: string; status: string; cause: string | null }>(
            'SELECT camera_id, status, cause FROM camera_status_intervals WHERE ended_at IS NULL',
          )
        ).rows.map((r) => [r.camera_id, r]),
      );
      const stations: Mismatch[] = [];
      for (const stationId of new Set(this.stationOf.values())) {
        const expected = this.expectedStation(stationId);
        const stored = live.get(stationId) ?? null;
        if (stored !== expected) stations.push({ id: stationId, expected, stored });
      }
      const cameras: Mismatch[] = [];
      for (const cameraId of this.cameras.keys()) {
        const expected = this.expectedCamera(cameraId);
        const row = open.get(cameraId);
        const causeWrong = expected.cause !== undefined && (row?.cause ?? null) !== expected.cause;
        if (row?.status !== expected.status || causeWrong) {
          cameras.push({
            id: cameraId,
            expected: `${expected.status}/${expected.cause ?? '-'}`,
            stored: row ? `${row.status}/${row.cause ?? '-'}` : null,
          });
        }
      }
      return { stations, cameras };
    } finally {
      await client.end();
    }
  }
}
