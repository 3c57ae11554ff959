import { localDate, localDateToTs, type WorkOrderReport, type WorkOrderReportQuery, type WorkOrderReportRow } from '@camwatch/config';
import { scopeHasUnit } from '../auth/scope.ts';
import type { Principal } from '../auth/auth-service.ts';
import { ApiError } from '../http/api-error.ts';
import type { UnitRow } from '../fleet/fleet-read-repository.ts';
import type { WorkOrderService } from '../work-orders/work-order-service.ts';

const DAY = 86_400_000;

/**
 * Repair work per unit for local days from..to: the unit asked for (default: the top of the
 * caller's area) as the total, and one row per unit directly below it, each rolled up over its
 * whole subtree, so the same report works for province → district → commune and for the two-tier
 * province → commune structure.
 */
export async function buildWorkOrderReport(
  units: readonly UnitRow[],
  orders: Pick<WorkOrderService, 'unitStats'>,
  p: Principal,
  q: WorkOrderReportQuery,
  now: number,
): Promise<WorkOrderReport> {
  const root = q.unitId ?? (p.scope.all ? units.find((u) => u.parentId === null)?.id : p.unitIds[0]);
  const unit = units.find((u) => u.id === root);
  if (!unit || !scopeHasUnit(p.scope, unit.id)) throw ApiError.notFound(`unit ${root ?? ''}`);
  const from = dayStart(q.from, 'from');
  const to = dayStart(q.to, 'to') + DAY;
  if (to <= from) throw ApiError.validation([{ path: 'querystring/to', message: 'to must not be before from' }]);
  const children = units.filter((u) => u.parentId === unit.id).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  const stats = await orders.unitStats([unit.id, ...children.map((c) => c.id)], from, to, now);
  const row = (u: UnitRow): WorkOrderReportRow => {
    const s = stats.get(u.id);
    return {
      unitId: u.id,
      unitName: u.name,
      opened: s?.opened ?? 0,
      verified: s?.verified ?? 0,
      mttrMs: s?.mttr_ms ?? null,
      overdue: s?.overdue ?? 0,
    };
  };
  return { from: q.from, to: q.to, total: row(unit), rows: children.map(row) };
}

/** Local midnight of a yyyy-MM-dd that is a real calendar day (2025-02-30 is refused, not rolled over). */
function dayStart(date: string, field: string): number {
  const ts = Date.parse(`${date}T00:00:00+07:00`);
  if (Number.isNaN(ts) || localDate(ts) !== date)
    throw ApiError.validation([{ path: `querystring/${field}`, message: `${date} is not a calendar date` }]);
  return localDateToTs(date);
}
