import { worseStatus, type AlertNotice, type CameraMapStatus, type LiveCameraStatus, type LiveStationStatus } from '@camwatch/config';
import type { Logger } from 'pino';
import type { Db } from '../db/db.ts';
import { ALL } from '../auth/scope.ts';
import { AlertRepository } from '../alerts/alert-repository.ts';
import { asCause } from '../api/read/fleet-read-repository.ts';
import type { LiveBus } from './live-bus.ts';

/**
 * Ids are handed out before commit, so a transaction can commit a lower id after we read a
 * higher one: every poll looks back this many ids and drops what it already sent.
 */
const OVERLAP = 500;

/**
 * Turns database changes into live events: new open status intervals (the ingest writes one on
 * every status change) and alert changes. Reading the database rather than hooking the ingest
 * means every hub's users see changes made by any hub, and nothing is added to the ingest path.
 */
export class LiveFeed {
  private lastCameraInterval = 0;
  private lastStationInterval = 0;
  private lastAlertUpdate = new Date(0);
  private readonly sentCamera = new Map<string, string>();
  private readonly sentStation = new Map<string, string>();
  private readonly sentAlert = new Map<number, string>();
  private readonly alerts: AlertRepository;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private silent = false;

  constructor(private readonly db: Db, private readonly bus: LiveBus, private readonly log: Logger, private readonly pollMs = 1_000) {
    this.alerts = new AlertRepository(db);
  }

  /** Starts from now: history is for the REST endpoints, the feed carries changes only. */
  async start(): Promise<void> {
    const r = await this.db.query<{ c: number | null; s: number | null; a: Date | null }>(
      'SELECT (SELECT max(id) FROM camera_status_intervals)::float8 AS c, (SELECT max(id) FROM station_status_intervals)::float8 AS s, (SELECT max(updated_at) FROM alerts) AS a');
    this.lastCameraInterval = r.rows[0]?.c ?? 0;
    this.lastStationInterval = r.rows[0]?.s ?? 0;
    this.lastAlertUpdate = r.rows[0]?.a ?? new Date(0);
    // Learn what the look-back window holds, so the first poll does not resend it.
    this.silent = true;
    try {
      await this.cameraChanges();
      await this.stationChanges();
    } finally {
      this.silent = false;
    }
    this.timer = setInterval(() => {
      this.running = this.running.then(async () => {
        await this.poll();
      }).catch((err: unknown) => this.log.error({ err }, 'live feed poll failed'));
    }, this.pollMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One poll: publishes what changed since the last one. */
  async poll(): Promise<number> {
    return (await this.cameraChanges()) + (await this.stationChanges()) + (await this.alertChanges());
  }

  private async cameraChanges(): Promise<number> {
    const r = await this.db.query<{ id: number; camera_id: string; station_id: string; unit_id: string; status: CameraMapStatus; cause: string | null; started_at: Date }>(
      `SELECT i.id::float8 AS id, i.camera_id, i.station_id, s.unit_id, i.status, i.cause, i.started_at FROM camera_status_intervals i JOIN stations s ON s.id = i.station_id
       WHERE i.id > $1 AND i.ended_at IS NULL ORDER BY i.id`, [this.lastCameraInterval - OVERLAP]);
    let n = 0;
    for (const row of r.rows) {
      this.lastCameraInterval = Math.max(this.lastCameraInterval, row.id);
      const payload: LiveCameraStatus = { cameraId: row.camera_id, stationId: row.station_id, status: row.status, cause: asCause(row.cause), since: row.started_at.getTime() };
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
    const r = await this.db.query<{ id: number; station_id: string; unit_id: string; status: 'online' | 'offline'; started_at: Date; cams: CameraMapStatus[] | null }>(
      `SELECT i.id::float8 AS id, i.station_id, s.unit_id, i.status, i.started_at,
         (SELECT array_agg(ci.status) FROM camera_status_intervals ci JOIN cameras c ON c.id = ci.camera_id AND c.retired_at IS NULL
          WHERE ci.station_id = i.station_id AND ci.ended_at IS NULL) AS cams
       FROM station_status_intervals i JOIN stations s ON s.id = i.station_id WHERE i.id > $1 AND i.ended_at IS NULL ORDER BY i.id`, [this.lastStationInterval - OVERLAP]);
    let n = 0;
    for (const row of r.rows) {
      this.lastStationInterval = Math.max(this.lastStationInterval, row.id);
      const key = `${row.status}|${row.started_at.getTime()}`;
      if (this.sentStation.get(row.station_id) === key) continue;
      this.sentStation.set(row.station_id, key);
      n++;
      const worst = (row.cams ?? []).reduce<CameraMapStatus | null>((w, c) => (w === null ? c : worseStatus(w, c)), null) ?? 'unknown';
      const payload: LiveStationStatus = { stationId: row.station_id, status: row.status, worstCameraStatus: worst, ts: row.started_at.getTime() };
      if (!this.silent) this.bus.publish({ name: 'station-status', stationId: row.station_id, unitId: row.unit_id, payload });
    }
    return n;
  }

  private async alertChanges(): Promise<number> {
    const r = await this.db.query<{ id: number; updated_at: Date }>('SELECT id::int AS id, updated_at FROM alerts WHERE updated_at > $1 ORDER BY updated_at, id LIMIT 1000', [this.lastAlertUpdate]);
    let n = 0;
    for (const row of r.rows) {
      if (row.updated_at > this.lastAlertUpdate) this.lastAlertUpdate = row.updated_at;
      const item = await this.alerts.item(row.id, ALL);
      if (!item || this.sentAlert.get(row.id) === `${item.state}|${item.openedAt}`) continue;
      this.sentAlert.set(row.id, `${item.state}|${item.openedAt}`);
      const notice: AlertNotice = { alertId: item.alertId, rule: item.rule, severity: item.severity, state: item.state, stationId: item.stationId, cameraId: item.cameraId, unitId: item.unitId, message: item.message, openedAt: item.openedAt, resolvedAt: item.resolvedAt };
      this.bus.publish({ name: 'alert', stationId: item.stationId, unitId: item.unitId, payload: notice });
      n++;
    }
    return n;
  }
}
