import { worstOf, type AlertNotice, type LiveCameraStatus, type LiveStationStatus } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { ALL } from '../auth/scope.ts';
import { AlertRepository } from '../alerts/alert-repository.ts';
import { asCause } from '../fleet/fleet-read-repository.ts';
import type { LiveBus } from './live-bus.ts';
import { LiveChangesRepository } from './live-changes-repository.ts';

/** What a change notification names (the payload of NOTIFY camwatch_live, see migration 103). */
export const CHANGE_KINDS = ['camera', 'station', 'alert'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * Ids are handed out before commit, so a transaction can commit a lower id after we read a
 * higher one: every read looks back this many ids and drops what it already sent.
 */
const OVERLAP = 500;
/** The same for alerts, by time: `updated_at` is the transaction's start, not its commit. */
const ALERT_LOOKBACK_MS = 10_000;
const ALERT_PAGE = 1_000;

/**
 * Reads what changed in the database since the last read and publishes it on the bus: new
 * open status intervals (the ingest writes one on every status change) and alert changes.
 * Each reader dedups against what it sent, so reading twice never sends twice.
 */
export class LiveChanges {
  private lastCameraInterval = 0;
  private lastStationInterval = 0;
  private lastAlertUpdate = new Date(0);
  private readonly sentCamera = new Map<string, string>();
  private readonly sentStation = new Map<string, string>();
  /** Alert id → what was sent and when the row last changed (pruned once outside the look-back). */
  private readonly sentAlert = new Map<number, { key: string; at: number }>();
  private readonly alerts: AlertRepository;
  private readonly repo: LiveChangesRepository;
  private silent = false;

  constructor(
    db: Db,
    private readonly bus: LiveBus,
  ) {
    this.alerts = new AlertRepository(db);
    this.repo = new LiveChangesRepository(db);
  }

  /** Starts from now: history is for the REST endpoints, the feed carries changes only. */
  async init(): Promise<void> {
    const r = await this.repo.cursors();
    this.lastCameraInterval = r?.c ?? 0;
    this.lastStationInterval = r?.s ?? 0;
    this.lastAlertUpdate = r?.a ?? new Date(0);
    // Learn what the look-back windows hold, so the first read does not resend it.
    this.silent = true;
    try {
      await this.read(CHANGE_KINDS);
    } finally {
      this.silent = false;
    }
  }

  /** Publishes what changed in these kinds since the last read; returns how many events. */
  async read(kinds: readonly ChangeKind[]): Promise<number> {
    let n = 0;
    if (kinds.includes('camera')) n += await this.cameraChanges();
    if (kinds.includes('station')) n += await this.stationChanges();
    if (kinds.includes('alert')) n += await this.alertChanges();
    return n;
  }

  private async cameraChanges(): Promise<number> {
    const rows = await this.repo.openCameraIntervalsAfter(this.lastCameraInterval - OVERLAP);
    let n = 0;
    for (const row of rows) {
      this.lastCameraInterval = Math.max(this.lastCameraInterval, row.id);
      const payload: LiveCameraStatus = {
        cameraId: row.camera_id,
        stationId: row.station_id,
        status: row.status,
        cause: asCause(row.cause),
        since: row.started_at.getTime(),
      };
      // A replay that rewrote history re-inserts the same current status: not news.
      const key = `${payload.status}|${payload.cause}`;
      if (this.sentCamera.get(row.camera_id) === key) continue;
      this.sentCamera.set(row.camera_id, key);
      if (!this.silent) this.bus.publish({ name: 'camera-status', stationId: row.station_id, unitId: row.unit_id, payload });
      n++;
    }
    return n;
  }

  private async stationChanges(): Promise<number> {
    const rows = await this.repo.openStationIntervalsAfter(this.lastStationInterval - OVERLAP);
    let n = 0;
    for (const row of rows) {
      this.lastStationInterval = Math.max(this.lastStationInterval, row.id);
      const key = `${row.status}|${row.started_at.getTime()}`;
      if (this.sentStation.get(row.station_id) === key) continue;
      this.sentStation.set(row.station_id, key);
      n++;
      const worst = worstOf(row.cams ?? []);
      const payload: LiveStationStatus = {
        stationId: row.station_id,
        status: row.status,
        worstCameraStatus: worst,
        ts: row.started_at.getTime(),
      };
      if (!this.silent) this.bus.publish({ name: 'station-status', stationId: row.station_id, unitId: row.unit_id, payload });
    }
    return n;
  }

  /** Pages by (updated_at, id); the first page looks back for late commits. */
  private async alertChanges(): Promise<number> {
    let n = 0;
    // The cursor keeps PostgreSQL's microseconds (as text): a JS Date would cut them and loop on one timestamp.
    let after: [string, number] = [new Date(this.lastAlertUpdate.getTime() - ALERT_LOOKBACK_MS).toISOString(), 0];
    for (;;) {
      const rows = await this.repo.alertsAfter(after, ALERT_PAGE);
      for (const row of rows) {
        if (row.updated_at > this.lastAlertUpdate) this.lastAlertUpdate = row.updated_at;
        if (await this.alertChanged(row)) n++;
        after = [row.cursor, row.id];
      }
      if (rows.length < ALERT_PAGE) break;
    }
    this.pruneSentAlerts();
    return n;
  }

  /** Only rows inside the look-back can be read again: older memories are dropped, so the map stays small. */
  private pruneSentAlerts(): void {
    if (this.sentAlert.size < ALERT_PAGE) return;
    const horizon = this.lastAlertUpdate.getTime() - 2 * ALERT_LOOKBACK_MS;
    for (const [id, sent] of this.sentAlert) if (sent.at < horizon) this.sentAlert.delete(id);
  }

  private async alertChanged(row: { id: number; updated_at: Date; state: string; opened_at: Date }): Promise<boolean> {
    const key = `${row.state}|${row.opened_at.getTime()}`;
    const sent = this.sentAlert.get(row.id);
    this.sentAlert.set(row.id, { key, at: row.updated_at.getTime() });
    if (sent?.key === key) return false;
    if (this.silent) return false;
    const item = await this.alerts.item(row.id, ALL);
    if (!item) return false;
    const notice: AlertNotice = {
      alertId: item.alertId,
      rule: item.rule,
      severity: item.severity,
      state: item.state,
      stationId: item.stationId,
      cameraId: item.cameraId,
      unitId: item.unitId,
      message: item.message,
      params: item.params ?? null,
      openedAt: item.openedAt,
      resolvedAt: item.resolvedAt,
    };
    this.bus.publish({ name: 'alert', stationId: item.stationId, unitId: item.unitId, payload: notice });
    return true;
  }
}
