import type { AlertRuleId } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { alertMessage } from './alert-messages.ts';
import { subjectKey, type Condition, type RuleConfig } from './alert-types.ts';

/** Camera causes with a rule of their own; any other `down` is camera_down. */
const PICTURE_RULES: Record<string, AlertRuleId> = {
  frozen: 'picture_frozen',
  black: 'picture_black',
  covered: 'picture_covered',
  view_changed: 'view_changed',
};
/** Health is judged on the samples of the last day only (older ones say nothing about now). */
const HEALTH_WINDOW = "interval '1 day'";
const CAMERA_RULES: readonly AlertRuleId[] = ['camera_down', 'picture_frozen', 'picture_black', 'picture_covered', 'view_changed'];
const STATION_HEALTH_RULES: readonly AlertRuleId[] = ['disk_full', 'clock_skew', 'agent_outdated'];

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
  const at = new Date(now);
  const unitRows = await db.query<{ id: string; name: string; parent_id: string | null }>('SELECT id, name, parent_id FROM units');
  const units = new Map(unitRows.rows.map((u) => [u.id, { name: u.name, parentId: u.parent_id }]));
  const stations = await db.query<{
    id: string;
    name: string;
    unit_id: string;
    state: 'online' | 'offline' | null;
    changed_at: Date | null;
  }>(
    `SELECT s.id, s.name, s.unit_id, l.state, l.changed_at FROM stations s LEFT JOIN station_liveness l ON l.station_id = s.id WHERE s.retired_at IS NULL`,
  );
  const windows = await db.query<{ station_id: string | null; unit_id: string | null }>(
    'SELECT station_id, unit_id FROM maintenance_windows WHERE starts_at <= $1 AND ends_at > $1',
    [at],
  );
  const stationNames = new Map(stations.rows.map((s) => [s.id, s.name]));
  const unitOf = new Map(stations.rows.map((s) => [s.id, s.unit_id]));
  const inMaintenance = (stationId: string, unitId: string) =>
    windows.rows.some((w) => w.station_id === stationId || (w.unit_id !== null && unitWithin(units, unitId, w.unit_id)));

  const conditions: Condition[] = [];
  const unknown = new Set<string>();
  const markUnknown = (ruleIds: readonly AlertRuleId[], subject: string) => {
    for (const r of ruleIds) unknown.add(subjectKey(r, subject));
  };
  const offlineOrQuiet = new Set<string>();
  for (const s of stations.rows) {
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
        message: alertMessage({
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

  const cams = await db.query<{ id: string; station_id: string; status: string; cause: string | null; started_at: Date }>(
    `SELECT c.id, c.station_id, i.status, i.cause, i.started_at FROM cameras c JOIN stations s ON s.id = c.station_id
     LEFT JOIN camera_status_intervals i ON i.camera_id = c.id AND i.ended_at IS NULL
     WHERE c.retired_at IS NULL AND s.retired_at IS NULL`,
  );
  for (const c of cams.rows) {
    const unitId = unitOf.get(c.station_id)!;
    // Parent–child: while the station is offline its one alert speaks for its cameras.
    if (offlineOrQuiet.has(c.station_id) || inMaintenance(c.station_id, unitId) || c.status === null || c.status === 'unknown') {
      markUnknown(CAMERA_RULES, cameraSubject(c.id));
      continue;
    }
    const picture = c.cause ? PICTURE_RULES[c.cause] : undefined;
    const rule: AlertRuleId | null = picture ?? (c.status === 'down' ? 'camera_down' : null);
    if (!rule) continue;
    const since = c.started_at.getTime();
    conditions.push({
      rule,
      subject: cameraSubject(c.id),
      stationId: c.station_id,
      cameraId: c.id,
      unitId,
      since,
      message: alertMessage({
        rule,
        stationId: c.station_id,
        stationName: stationNames.get(c.station_id) ?? c.station_id,
        cameraId: c.id,
        since,
        cause: c.cause,
      }),
    });
  }

  await healthConditions(db, rules, now, { stationNames, unitOf, conditions });
  await agentConditions(db, rules.get('agent_outdated'), { stationNames, unitOf, conditions });
  return { conditions, unknown, units, stationNames };
}

interface Sink {
  stationNames: Map<string, string>;
  unitOf: Map<string, string>;
  conditions: Condition[];
}

async function healthConditions(db: Db, rules: ReadonlyMap<AlertRuleId, RuleConfig>, now: number, sink: Sink): Promise<void> {
  const checks = [
    { rule: 'disk_full' as const, expr: 'disk_used_pct', bad: (v: number, t: number) => v > t },
    { rule: 'clock_skew' as const, expr: 'abs(clock_offset_ms)', bad: (v: number, t: number) => v > t },
  ];
  for (const check of checks) {
    const rule = rules.get(check.rule);
    if (!rule?.enabled || rule.threshold === null) continue;
    // The run of bad samples that reaches the latest one: since = its first sample.
    const r = await db.query<{ station_id: string; value: number; since: Date }>(
      `WITH recent AS (SELECT station_id, ts, ${check.expr} AS v FROM health_samples WHERE ts > $1::timestamptz - ${HEALTH_WINDOW} AND ts <= $1),
            latest AS (SELECT DISTINCT ON (station_id) station_id, v FROM recent ORDER BY station_id, ts DESC),
            last_good AS (SELECT station_id, max(ts) AS ts FROM recent WHERE v IS NOT NULL AND v <= $2 GROUP BY station_id)
       SELECT l.station_id, l.v AS value, (SELECT min(r.ts) FROM recent r WHERE r.station_id = l.station_id AND r.ts > coalesce(g.ts, '-infinity')) AS since
       FROM latest l LEFT JOIN last_good g ON g.station_id = l.station_id WHERE l.v > $2`,
      [new Date(now), rule.threshold],
    );
    for (const row of r.rows) {
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
        message: alertMessage({
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

async function agentConditions(db: Db, rule: RuleConfig | undefined, sink: Sink): Promise<void> {
  if (!rule?.enabled || !rule.minAgentVersion) return;
  const r = await db.query<{ station_id: string; agent_version: string; ts: Date }>(
    'SELECT DISTINCT ON (station_id) station_id, agent_version, ts FROM station_births ORDER BY station_id, ts DESC',
  );
  for (const b of r.rows) {
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
      message: alertMessage({
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
