import { UNIT_KINDS, type UnitKind, type UptimeQuery, type UptimeReport } from '@camwatch/config';
import type { Scope } from '../auth/scope.ts';
import { customRange, dayRange, type UptimeRange, type UptimeService } from '../uptime/index.ts';
import { uptimeOfUnits } from './unit-uptime-batch.ts';

/** Which unit kinds make up each report level (both the three-tier and the two-tier system). */
export const LEVEL_KINDS: Record<UptimeQuery['groupBy'], readonly string[]> = {
  commune: ['commune', 'ward', 'township'],
  district: ['district', 'town', 'city'],
};

export interface ReportUnit {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
}

/** Local days `from`..`to`, both included, as [from, to) in epoch ms. */
export function daysRange(from: string, to: string): UptimeRange {
  return customRange(dayRange(from).from, dayRange(to).to);
}

function within(units: ReadonlyMap<string, ReportUnit>, id: string, root: string): boolean {
  for (let u: string | null = id, depth = 0; u !== null && depth < 64; u = units.get(u)?.parentId ?? null, depth++)
    if (u === root) return true;
  return false;
}

const asKind = (k: string): UnitKind => ((UNIT_KINDS as readonly string[]).includes(k) ? (k as UnitKind) : 'other');

/**
 * The uptime table: one row per commune (or district) inside `unitId` and inside the caller's
 * area, each with availability, uptime while reachable and data coverage (time-weighted), observed,
 * down and station-unreachable time, outages and MTTR.
 */
export async function buildUptimeReport(
  uptime: UptimeService,
  units: readonly ReportUnit[],
  scope: Scope,
  q: UptimeQuery,
): Promise<UptimeReport> {
  const range = daysRange(q.from, q.to);
  const byId = new Map(units.map((u) => [u.id, u]));
  const kinds = LEVEL_KINDS[q.groupBy];
  const targets = units.filter(
    (u) => kinds.includes(u.kind) && (scope.all || scope.units.has(u.id)) && (!q.unitId || within(byId, u.id, q.unitId)),
  );
  const figures = await uptimeOfUnits(
    uptime,
    units,
    targets.map((u) => u.id),
    range,
  );
  const rows = targets.map((u) => {
    const f = figures.get(u.id) ?? null;
    const parent = u.parentId ? byId.get(u.parentId) : undefined;
    return {
      unitId: u.id,
      unitName: u.name,
      kind: asKind(u.kind),
      parentId: u.parentId,
      parentName: parent?.name ?? null,
      stations: f?.stations ?? 0,
      cameras: f?.cameras ?? 0,
      uptimePct: f?.uptimePct ?? null,
      availabilityPct: f?.availabilityPct ?? null,
      coveragePct: f?.coveragePct ?? null,
      unreachableMs: Math.round(f?.unreachableMs ?? 0),
      availabilityLossCause: f?.availabilityLossCause ?? null,
      observedMs: Math.round(f?.observedMs ?? 0),
      downMs: Math.round(f?.downMs ?? 0),
      outages: f?.failures ?? 0,
      mttrMs: f?.mttrMs === null || f?.mttrMs === undefined ? null : Math.round(f.mttrMs),
    };
  });
  rows.sort((a, b) => (a.parentName ?? '').localeCompare(b.parentName ?? '', 'vi') || a.unitName.localeCompare(b.unitName, 'vi'));
  return { from: q.from, to: q.to, groupBy: q.groupBy, rows };
}
