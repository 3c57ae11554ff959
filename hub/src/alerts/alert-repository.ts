import type { AlertItem, AlertNotice, AlertParams, AlertRuleId, Severity, UpdateAlertRuleBody } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { scopeCondition, type Scope } from '../auth/scope.ts';
import type { Decision, LiveAlert, ResolvedAlert, RuleConfig } from './alert-types.ts';

type RawRule = {
  id: AlertRuleId;
  enabled: boolean;
  severity: Severity;
  duration_s: number;
  resolve_after_s: number;
  flap_window_s: number;
  flap_max: number;
  threshold: number | null;
  min_agent_version: string | null;
};
const toRule = (r: RawRule): RuleConfig => ({
  id: r.id,
  enabled: r.enabled,
  severity: r.severity,
  durationMs: r.duration_s * 1000,
  resolveAfterMs: r.resolve_after_s * 1000,
  flapWindowMs: r.flap_window_s * 1000,
  flapMax: r.flap_max,
  threshold: r.threshold,
  minAgentVersion: r.min_agent_version,
});

/**
 * An alert is where its station is now: a station moved to another commune takes its open (and
 * past) alerts with it, for listing, reading, acknowledging and the live feed alike. `alerts.unit_id`
 * keeps the unit at opening time, used only when the station row is gone.
 */
/**
 * A connected private camera's alert (its station is the collector, often at the district) is
 * where the camera is registered: only the camera's own area sees it. Its name is the one it was
 * opened with ("Camera tư nhân #N"), never the collector's.
 */
const ALERT_UNIT = 'CASE WHEN a.private_camera_id IS NULL THEN coalesce(s.unit_id, a.unit_id) ELSE coalesce(pc.unit_id, a.unit_id) END';
const ITEM_SQL = `SELECT a.id, a.rule, a.severity, a.state, a.station_id, a.camera_id, ${ALERT_UNIT} AS unit_id, a.message, a.params, a.opened_at, a.resolved_at,
  a.acknowledged_at, a.ack_comment, u.username AS acknowledged_by, a.private_camera_id::int AS private_camera_id,
  CASE WHEN a.private_camera_id IS NULL THEN coalesce(s.name, a.station_id) ELSE coalesce(a.params->>'stationName', a.camera_id) END AS station_name,
  coalesce(un.name, ${ALERT_UNIT}) AS unit_name
  FROM alerts a LEFT JOIN users u ON u.id = a.acknowledged_by LEFT JOIN stations s ON s.id = a.station_id
  LEFT JOIN private_cameras pc ON pc.id = a.private_camera_id LEFT JOIN units un ON un.id = ${ALERT_UNIT}`;
type RawItem = {
  id: number;
  rule: string;
  severity: Severity;
  state: AlertNotice['state'];
  station_id: string;
  camera_id: string | null;
  unit_id: string;
  message: string;
  params: AlertParams | null;
  opened_at: Date;
  resolved_at: Date | null;
  acknowledged_at: Date | null;
  ack_comment: string | null;
  acknowledged_by: string | null;
  private_camera_id: number | null;
  station_name: string;
  unit_name: string;
};

export function toNotice(r: RawItem): AlertNotice {
  return {
    alertId: String(r.id),
    rule: r.rule,
    severity: r.severity,
    state: r.state,
    stationId: r.station_id,
    cameraId: r.camera_id,
    unitId: r.unit_id,
    message: r.message,
    params: r.params,
    openedAt: r.opened_at.getTime(),
    resolvedAt: r.resolved_at?.getTime() ?? null,
    ...(r.private_camera_id !== null ? { privateCameraId: r.private_camera_id } : {}),
  };
}

function toItem(r: RawItem): AlertItem {
  return {
    ...toNotice(r),
    stationName: r.station_name.slice(0, 128),
    unitName: r.unit_name.slice(0, 128),
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: r.acknowledged_at?.getTime() ?? null,
    comment: r.ack_comment,
  };
}

export interface AppliedChange {
  alertId: number;
  event: 'opened' | 'resolved' | null;
  notify: boolean;
}

/** The only place that speaks SQL about rules and alerts. */
export class AlertRepository {
  constructor(private readonly db: Db) {}

  async rules(db: Db = this.db): Promise<RuleConfig[]> {
    const r = await db.query<RawRule>(
      'SELECT id, enabled, severity, duration_s, resolve_after_s, flap_window_s, flap_max, threshold, min_agent_version FROM alert_rules ORDER BY id',
    );
    return r.rows.map(toRule);
  }

  async updateRule(id: AlertRuleId, c: UpdateAlertRuleBody, db: Db = this.db): Promise<RuleConfig | null> {
    const cols: Record<keyof UpdateAlertRuleBody, string> = {
      enabled: 'enabled',
      severity: 'severity',
      durationS: 'duration_s',
      resolveAfterS: 'resolve_after_s',
      flapWindowS: 'flap_window_s',
      flapMax: 'flap_max',
      threshold: 'threshold',
      minAgentVersion: 'min_agent_version',
    };
    const params: unknown[] = [id];
    const sets = (Object.keys(c) as (keyof UpdateAlertRuleBody)[]).map((k) => `${cols[k]} = $${params.push(c[k])}`);
    const r = await db.query<RawRule>(`UPDATE alert_rules SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 RETURNING *`, params);
    return r.rows[0] ? toRule(r.rows[0]) : null;
  }

  async live(db: Db): Promise<LiveAlert[]> {
    const r = await db.query<{
      id: number;
      rule: AlertRuleId;
      subject: string;
      state: 'open' | 'acknowledged';
      cleared_at: Date | null;
      reopen_count: number;
    }>(`SELECT id::int AS id, rule, subject, state, cleared_at, reopen_count FROM alerts WHERE state <> 'resolved'`);
    return r.rows.map((a) => ({
      id: a.id,
      rule: a.rule,
      subject: a.subject,
      state: a.state,
      clearedAt: a.cleared_at?.getTime() ?? null,
      reopenCount: a.reopen_count,
    }));
  }

  /** The last resolution of every rule and subject within `windowMs` (flapping detection). */
  async recentlyResolved(db: Db, now: number, windowMs: number): Promise<ResolvedAlert[]> {
    const r = await db.query<{ id: number; rule: AlertRuleId; subject: string; resolved_at: Date; reopen_count: number }>(
      `SELECT DISTINCT ON (rule, subject) id::int AS id, rule, subject, resolved_at, reopen_count FROM alerts
       WHERE state = 'resolved' AND resolved_at > $1 ORDER BY rule, subject, resolved_at DESC`,
      [new Date(now - windowMs)],
    );
    return r.rows.map((a) => ({
      id: a.id,
      rule: a.rule,
      subject: a.subject,
      resolvedAt: a.resolved_at.getTime(),
      reopenCount: a.reopen_count,
    }));
  }

  /** Applies decisions in the caller's transaction; returns what changed for notification. */
  async apply(tx: Db, decisions: readonly Decision[], now: number): Promise<AppliedChange[]> {
    const out: AppliedChange[] = [];
    const at = new Date(now);
    for (const d of decisions) {
      if (d.kind === 'open') {
        const c = d.condition;
        const r = await tx.query<{ id: number }>(
          `INSERT INTO alerts (rule, subject, severity, state, station_id, camera_id, unit_id, message, condition_since, opened_at, params, private_camera_id)
           VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (rule, subject) WHERE state <> 'resolved' DO NOTHING RETURNING id::int AS id`,
          [
            c.rule,
            c.subject,
            d.severity,
            c.stationId,
            c.cameraId,
            c.unitId,
            c.message,
            new Date(c.since),
            at,
            JSON.stringify(c.params),
            c.privateCameraId ?? null,
          ],
        );
        if (r.rows[0]) out.push({ alertId: r.rows[0].id, event: 'opened', notify: true });
      } else if (d.kind === 'reopen') {
        const r = await tx.query(
          `UPDATE alerts SET state = 'open', resolved_at = NULL, cleared_at = NULL, acknowledged_at = NULL, acknowledged_by = NULL, ack_comment = NULL,
             reopen_count = $2, message = $3, unit_id = $4, opened_at = $5, updated_at = $5, params = $6, station_id = $7 WHERE id = $1 AND state = 'resolved'`,
          [
            d.alertId,
            d.reopenCount,
            d.condition.message,
            d.condition.unitId,
            at,
            JSON.stringify(d.condition.params),
            d.condition.stationId,
          ],
        );
        if (r.rowCount) out.push({ alertId: d.alertId, event: 'opened', notify: d.notify });
      } else if (d.kind === 'clear') {
        await tx.query('UPDATE alerts SET cleared_at = $2, updated_at = $3 WHERE id = $1', [d.alertId, new Date(d.at), at]);
      } else if (d.kind === 'unclear') {
        await tx.query('UPDATE alerts SET cleared_at = NULL, updated_at = $2 WHERE id = $1', [d.alertId, at]);
      } else {
        const r = await tx.query(
          `UPDATE alerts SET state = 'resolved', resolved_at = $2, updated_at = $3 WHERE id = $1 AND state <> 'resolved'`,
          [d.alertId, new Date(d.at), at],
        );
        if (r.rowCount) out.push({ alertId: d.alertId, event: 'resolved', notify: d.notify });
      }
    }
    return out;
  }

  async item(id: number, scope: Scope, db: Db = this.db): Promise<AlertItem | null> {
    const params: unknown[] = [id];
    const r = await db.query<RawItem>(`${ITEM_SQL} WHERE a.id = $1 AND ${scopeCondition(scope, ALERT_UNIT, params)}`, params);
    return r.rows[0] ? toItem(r.rows[0]) : null;
  }

  async list(scope: Scope, state: 'open' | 'acknowledged' | 'resolved' | 'all', limit: number): Promise<AlertItem[]> {
    const params: unknown[] = [];
    const where = [scopeCondition(scope, ALERT_UNIT, params)];
    if (state !== 'all') where.push(`a.state = $${params.push(state)}`);
    params.push(limit);
    const r = await this.db.query<RawItem>(
      `${ITEM_SQL} WHERE ${where.join(' AND ')} ORDER BY a.opened_at DESC, a.id DESC LIMIT $${params.length}`,
      params,
    );
    return r.rows.map(toItem);
  }

  /** Acknowledges an open alert; false when it is not open (already acknowledged or resolved). */
  async acknowledge(tx: Db, id: number, userId: string, comment: string, now: number): Promise<boolean> {
    const r = await tx.query(
      `UPDATE alerts SET state = 'acknowledged', acknowledged_at = $2, acknowledged_by = $3, ack_comment = $4, updated_at = $2 WHERE id = $1 AND state = 'open'`,
      [id, new Date(now), userId, comment],
    );
    return r.rowCount > 0;
  }
}
