import { localDateToTs, type UnitAttribution } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import type { Span } from './spans.ts';
import type { IntervalStatus, StatusInterval } from './status-timeline.ts';
import type { UptimeRange } from './uptime-range.ts';
import * as sql from './uptime-sql.ts';

/** What to measure: one camera, one station, or a unit with everything below it. */
export type ScopeSelector =
  { kind: 'camera'; id: string } | { kind: 'station'; id: string } | { kind: 'unit'; id: string; attribution: UnitAttribution };

/** One camera as counted for one group (see uptime-sql.ts): the input of the maths, minus intervals. */
export interface CameraSlice {
  cameraId: string;
  stationId: string;
  groupId: string | null;
  within: Span[];
  installedAt: number | null;
  retiredAt: number | null;
  stationOfflineSince: number | null;
}

export interface UnitRow {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
}

interface CameraRow {
  camera_id: string;
  station_id: string;
  group_id: string | null;
  span_from: number | null;
  span_to: number | null;
  installed_on: string | null;
  retired_at: number | null;
  offline_since: number | null;
}

interface IntervalRow {
  camera_id: string;
  status: string;
  cause: string | null;
  started_at: number;
  ended_at: number | null;
}

const STATUSES = new Set<string>(['ok', 'degraded', 'down', 'unknown']);

/** float8 epoch ms from uptime-sql.ts; pg and PGlite both hand float8 over as a number. */
function ms(v: number): number {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new Error(`unreadable time from database: ${String(v)}`);
  return v;
}
const msOrNull = (v: number | null): number | null => (v === null ? null : ms(v));
const iso = (ts: number) => new Date(ts).toISOString();

/** The only part of the uptime code that speaks SQL. */
export class UptimeRepository {
  constructor(private readonly db: Db) {}

  async cameraSlices(scope: ScopeSelector, range: UptimeRange): Promise<CameraSlice[]> {
    const text =
      scope.kind === 'camera'
        ? sql.CAMERAS_OF_CAMERA
        : scope.kind === 'station'
          ? sql.CAMERAS_OF_STATION
          : scope.attribution === 'historical'
            ? sql.CAMERAS_OF_UNIT_HISTORICAL
            : sql.CAMERAS_OF_UNIT_NOW;
    // Only the historical query compares with `to`; PostgreSQL rejects a parameter it cannot type.
    const params = text.includes('$3') ? [scope.id, iso(range.from), iso(range.to)] : [scope.id, iso(range.from)];
    const { rows } = await this.db.query<CameraRow>(text, params);
    return toSlices(rows);
  }

  /**
   * The cameras `cameraIds` over `range`, one slice per unit their station was in (groupId = that
   * unit, within = the time it was there): the shape of the day rollup rows.
   */
  async slicesByUnit(cameraIds: readonly string[], range: UptimeRange): Promise<CameraSlice[]> {
    if (cameraIds.length === 0) return [];
    const { rows } = await this.db.query<CameraRow>(sql.CAMERAS_BY_UNIT, [cameraIds, iso(range.from), iso(range.to)]);
    return toSlices(rows);
  }

  /** Status intervals per camera, in start order; rows with a status we do not know are refused loudly. */
  async intervals(cameraIds: readonly string[], range: UptimeRange): Promise<Map<string, StatusInterval[]>> {
    const out = new Map<string, StatusInterval[]>();
    if (cameraIds.length === 0) return out;
    const { rows } = await this.db.query<IntervalRow>(sql.INTERVALS, [cameraIds, iso(range.from), iso(range.to)]);
    for (const r of rows) {
      if (!STATUSES.has(r.status)) throw new Error(`camera ${r.camera_id}: unknown status '${r.status}' in camera_status_intervals`);
      const list = out.get(r.camera_id) ?? [];
      list.push({ status: r.status as IntervalStatus, cause: r.cause, startedAt: ms(r.started_at), endedAt: msOrNull(r.ended_at) });
      out.set(r.camera_id, list);
    }
    return out;
  }

  /** Maintenance spans per station, clipped to the range. */
  async maintenance(stationIds: readonly string[], range: UptimeRange): Promise<Map<string, Span[]>> {
    const out = new Map<string, Span[]>();
    if (stationIds.length === 0) return out;
    const { rows } = await this.db.query<{ station_id: string; starts_at: number; ends_at: number }>(sql.MAINTENANCE, [
      stationIds,
      iso(range.from),
      iso(range.to),
    ]);
    for (const r of rows) {
      const list = out.get(r.station_id) ?? [];
      list.push({ start: ms(r.starts_at), end: ms(r.ends_at) });
      out.set(r.station_id, list);
    }
    return out;
  }

  /** The unit first, then its direct children by name; empty when the unit does not exist. */
  async unitAndChildren(unitId: string): Promise<UnitRow[]> {
    const { rows } = await this.db.query<{ id: string; name: string; kind: string; parent_id: string | null }>(sql.UNIT_AND_CHILDREN, [
      unitId,
    ]);
    const self = rows.filter((r) => r.id === unitId);
    return [...self, ...rows.filter((r) => r.id !== unitId)].map((r) => ({ id: r.id, name: r.name, kind: r.kind, parentId: r.parent_id }));
  }
}

// A station that left a unit and came back has several membership spans: one slice, several spans.
function toSlices(rows: readonly CameraRow[]): CameraSlice[] {
  const slices = new Map<string, CameraSlice>();
  for (const r of rows) {
    const key = `${r.camera_id}\u0000${r.group_id ?? ''}`;
    const span = { start: msOrNull(r.span_from) ?? -Infinity, end: msOrNull(r.span_to) ?? Infinity };
    const known = slices.get(key);
    if (known) {
      known.within.push(span);
      continue;
    }
    slices.set(key, {
      cameraId: r.camera_id,
      stationId: r.station_id,
      groupId: r.group_id,
      within: [span],
      installedAt: r.installed_on === null ? null : localDateToTs(r.installed_on),
      retiredAt: msOrNull(r.retired_at),
      stationOfflineSince: msOrNull(r.offline_since),
    });
  }
  return [...slices.values()];
}
