import { privateCameraLabel, privateCameraTargetId, type AlertRuleId } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { AlertFactsRepository } from './alert-facts-repository.ts';
import { described } from './alert-messages.ts';
import { subjectKey, type Condition, type RuleConfig } from './alert-types.ts';

/** Camera causes with a rule of their own; any other `down` is camera_down. */
const PICTURE_RULES: Record<string, AlertRuleId> = {
  frozen: 'picture_frozen',
  black: 'picture_black',
  covered: 'picture_covered',
  view_changed: 'view_changed',
};
const CAMERA_RULES: readonly AlertRuleId[] = ['camera_down', 'picture_frozen', 'picture_black', 'picture_covered', 'view_changed'];
const STATION_HEALTH_RULES: readonly AlertRuleId[] = ['disk_full', 'clock_skew', 'agent_outdated', 'byte_budget'];

export interface UnitNode {
  name: string;
  parentId: string | null;
}

export interface Facts {
  conditions: Condition[];
  /** subjectKey(rule, subject) of every alert that can neither open nor resolve now. */
  unknown: Set<string>;
  units: Map<string, UnitNode>;
  stationNames: Map<string, string>;
}

export const stationSubject = (id: string) => `station:${id}`;
export const cameraSubject = (id: string) => `camera:${id}`;

/** True when `unitId` is `ancestorId` or lies below it. */
export function unitWithin(units: ReadonlyMap<string, UnitNode>, unitId: string, ancestorId: string): boolean {
  for (let u: string | null = unitId, depth = 0; u !== null && depth < 64; u = units.get(u)?.parentId ?? null, depth++)
    if (u === ancestorId) return true;
  return false;
}

/** Compares dotted versions numerically (1.10.0 > 1.9.3); non-numeric parts count as 0. */
export function versionLess(a: string, b: string): boolean {
  const pa = a.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) < (pb[i] ?? 0);
  return false;
}

/**
 * Reads what is wrong right now from the status the ingest keeps (liveness, open camera
 * intervals, last health samples, births) and maintenance windows. Read-only.
 */
export async function loadFacts(db: Db, rules: ReadonlyMap<AlertRuleId, RuleConfig>, now: number): Promise<Facts> {
  const repo = new AlertFactsRepository(db);
  const units = await repo.unitTree();
  const stations = await repo.stations();
  const windows = await repo.maintenanceAt(new Date(now));
  const stationNames = new Map(stations.map((s) => [s.id, s.name]));
  const unitOf = new Map(stations.map((s) => [s.id, s.unit_id]));
  const inMaintenance = (stationId: string, unitId: string) =>
    windows.some((w) => w.station_id === stationId || (w.unit_id !== null && unitWithin(units, unitId, w.unit_id)));

  const conditions: Condition[] = [];
  const unknown = new Set<string>();
  const markUnknown = (ruleIds: readonly AlertRuleId[], subject: string) => {
    for (const r of ruleIds) unknown.add(subjectKey(r, subject));
  };
  const offlineOrQuiet = new Set<string>();
  for (const s of stations) {
    const maint = inMaintenance(s.id, s.unit_id);
    if (maint) markUnknown(['station_offline'], stationSubject(s.id));
    if (s.state !== 'online') offlineOrQuiet.add(s.id);
    if (s.state === 'offline') {
      conditions.push({
        rule: 'station_offline',
        subject: stationSubject(s.id),
        stationId: s.id,
        cameraId: null,
        unitId: s.unit_id,
        since: s.changed_at!.getTime(),
        ...described({
          rule: 'station_offline',
          stationId: s.id,
          stationName: s.name,
          cameraId: null,
          since: s.changed_at!.getTime(),
        }),
      });
    }
    // Health of a station that is not talking, or in maintenance, is unknown: its health alerts wait.
    if (maint || s.state !== 'online') markUnknown(STATION_HEALTH_RULES, stationSubject(s.id));
  }

  /** One camera's open interval → its condition, under the station's liveness and maintenance (parent–child). */
  const cameraFact = (c: CameraFact) => {
    // Parent–child: while the station (or collector) is offline its one alert speaks for its cameras.
    if (offlineOrQuiet.has(c.stationId) || inMaintenance(c.stationId, c.unitId) || c.status === null || c.status === 'unknown') {
      markUnknown(CAMERA_RULES, cameraSubject(c.cameraId));
      return;
    }
    const picture = c.cause ? PICTURE_RULES[c.cause] : undefined;
    const rule: AlertRuleId | null = picture ?? (c.status === 'down' ? 'camera_down' : null);
    if (!rule || !c.since) return;
    const since = c.since.getTime();
    conditions.push({
      rule,
      subject: cameraSubject(c.cameraId),
      stationId: c.stationId,
      cameraId: c.cameraId,
      unitId: c.unitId,
      since,
      ...(c.privateCameraId !== null ? { privateCameraId: c.privateCameraId } : {}),
      ...described({ rule, stationId: c.stationId, stationName: c.name, cameraId: c.cameraId, since, cause: c.cause }),
    });
  };
  for (const c of await repo.openCameraIntervals())
    cameraFact({
      cameraId: c.id,
      stationId: c.station_id,
      unitId: unitOf.get(c.station_id)!,
      name: stationNames.get(c.station_id) ?? c.station_id,
      privateCameraId: null,
      status: c.status,
      cause: c.cause,
      since: c.started_at,
    });
  // A connected private camera is judged by the same rules and delays, in its own commune, named by
  // its register number only (no owner data); its collector stands as its station.
  for (const c of await repo.openPrivateCameraIntervals())
    cameraFact({
      cameraId: privateCameraTargetId(c.private_camera_id),
      stationId: c.station_id,
      unitId: c.unit_id,
      name: privateCameraLabel(c.private_camera_id, 'vi'),
      privateCameraId: c.private_camera_id,
      status: c.status,
      cause: c.cause,
      since: c.started_at,
    });

  await healthConditions(repo, rules, now, { stationNames, unitOf, conditions });
  await agentConditions(repo, rules.get('agent_outdated'), { stationNames, unitOf, conditions });
  return { conditions, unknown, units, stationNames };
}

interface CameraFact {
  cameraId: string;
  stationId: string;
  unitId: string;
  /** What the alert calls it: the station's name, or "Camera tư nhân #N". */
  name: string;
  privateCameraId: number | null;
  status: string | null;
  cause: string | null;
  since: Date | null;
}

interface Sink {
  stationNames: Map<string, string>;
  unitOf: Map<string, string>;
  conditions: Condition[];
}

async function healthConditions(
  repo: AlertFactsRepository,
  rules: ReadonlyMap<AlertRuleId, RuleConfig>,
  now: number,
  sink: Sink,
): Promise<void> {
  const checks = [
    { rule: 'disk_full' as const, bad: (v: number, t: number) => v > t },
    { rule: 'clock_skew' as const, bad: (v: number, t: number) => v > t },
    { rule: 'byte_budget' as const, bad: (v: number, t: number) => v > t },
  ];
  for (const check of checks) {
    const rule = rules.get(check.rule);
    if (!rule?.enabled || rule.threshold === null) continue;
    for (const row of await repo.healthOverLimit(check.rule, now, rule.threshold)) {
      const unitId = sink.unitOf.get(row.station_id);
      if (!unitId || !check.bad(row.value, rule.threshold)) continue;
      const since = row.since.getTime();
      sink.conditions.push({
        rule: check.rule,
        subject: stationSubject(row.station_id),
        stationId: row.station_id,
        cameraId: null,
        unitId,
        since,
        ...described({
          rule: check.rule,
          stationId: row.station_id,
          stationName: sink.stationNames.get(row.station_id) ?? row.station_id,
          cameraId: null,
          since,
          value: row.value,
          limit: rule.threshold,
        }),
      });
    }
  }
}

async function agentConditions(repo: AlertFactsRepository, rule: RuleConfig | undefined, sink: Sink): Promise<void> {
  if (!rule?.enabled || !rule.minAgentVersion) return;
  for (const b of await repo.latestBirths()) {
    const unitId = sink.unitOf.get(b.station_id);
    if (!unitId || !versionLess(b.agent_version, rule.minAgentVersion)) continue;
    const since = b.ts.getTime();
    sink.conditions.push({
      rule: 'agent_outdated',
      subject: stationSubject(b.station_id),
      stationId: b.station_id,
      cameraId: null,
      unitId,
      since,
      ...described({
        rule: 'agent_outdated',
        stationId: b.station_id,
        stationName: sink.stationNames.get(b.station_id) ?? b.station_id,
        cameraId: null,
        since,
        value: b.agent_version,
        limit: rule.minAgentVersion,
      }),
    });
  }
}
