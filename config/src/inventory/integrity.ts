import type { Inventory } from './schema.ts';

export interface IntegrityIssue {
  entity: 'units' | 'stations' | 'cameras' | 'roadSigns';
  index: number;
  field: string;
  message: string;
}

/** Cross-record rules a schema cannot express: unique ids, references that resolve, no cycles. */
export function checkIntegrity(inv: Inventory): IntegrityIssue[] {
  const issues: IntegrityIssue[] = [];
  const dupes = <T extends { id: string }>(entity: IntegrityIssue['entity'], rows: T[]) => {
    const seen = new Set<string>();
    rows.forEach((r, index) => {
      if (seen.has(r.id)) issues.push({ entity, index, field: 'id', message: `duplicate id ${r.id}` });
      seen.add(r.id);
    });
    return seen;
  };
  const units = dupes('units', inv.units);
  const stations = dupes('stations', inv.stations);
  dupes('cameras', inv.cameras);
  dupes('roadSigns', inv.roadSigns);

  const parent = new Map(inv.units.map((u) => [u.id, u.parentId]));
  inv.units.forEach((u, index) => {
    if (u.parentId !== null && !units.has(u.parentId))
      issues.push({ entity: 'units', index, field: 'parentId', message: `unknown parent unit ${u.parentId}` });
    const seen = new Set<string>([u.id]);
    for (let p = u.parentId; p !== null && p !== undefined; p = parent.get(p) ?? null) {
      if (seen.has(p)) {
        issues.push({ entity: 'units', index, field: 'parentId', message: `unit hierarchy has a cycle through ${p}` });
        break;
      }
      seen.add(p);
    }
    const predecessors = new Set<string>();
    for (const l of u.lineage ?? []) {
      // A predecessor may be absent (an old unit is usually gone from a new inventory), never itself or twice.
      if (l.unitId === u.id || predecessors.has(l.unitId))
        issues.push({ entity: 'units', index, field: 'lineage', message: `lineage names ${l.unitId} twice or the unit itself` });
      predecessors.add(l.unitId);
    }
  });
  inv.stations.forEach((s, index) => {
    if (!units.has(s.unitId)) issues.push({ entity: 'stations', index, field: 'unitId', message: `unknown unit ${s.unitId}` });
  });
  inv.cameras.forEach((c, index) => {
    if (!stations.has(c.stationId))
      issues.push({ entity: 'cameras', index, field: 'stationId', message: `unknown station ${c.stationId}` });
    if (!c.rtspUrl && !c.onvifUrl)
      issues.push({ entity: 'cameras', index, field: 'rtspUrl', message: 'a camera needs an rtspUrl or an onvifUrl' });
  });
  inv.roadSigns.forEach((r, index) => {
    if (!units.has(r.unitId)) issues.push({ entity: 'roadSigns', index, field: 'unitId', message: `unknown unit ${r.unitId}` });
  });
  return issues;
}
