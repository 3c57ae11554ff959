import type { SnapshotMode, StationEventItem } from '@camwatch/config';
import type { Db } from '../db/db.ts';

export interface HealthRow {
  ts: number;
  cpuPct: number;
  memUsedPct: number;
  diskUsedPct: number;
  tempC: number | null;
  uplinkLatencyMs: number | null;
  outboxPending: number;
  bytesSentToday: number;
  byteBudget: number | null;
  snapshotMode: SnapshotMode | null;
}

/** The extra facts of the station panel: last health, last check detail per camera, recent events. */
export class StationDetailRepository {
  constructor(private readonly db: Db) {}

  async latestHealth(stationId: string): Promise<HealthRow | null> {
    const r = await this.db.query<{
      ts: Date;
      cpu_pct: number;
      mem_used_pct: number;
      disk_used_pct: number;
      temp_c: number | null;
      uplink_latency_ms: number | null;
      outbox_pending: number;
      bytes_sent_today: number;
      byte_budget: number | null;
      snapshot_mode: SnapshotMode | null;
    }>(
      `SELECT ts, cpu_pct, mem_used_pct, disk_used_pct, temp_c, uplink_latency_ms, outbox_pending, bytes_sent_today, byte_budget, snapshot_mode
         FROM health_samples WHERE station_id = $1 ORDER BY ts DESC LIMIT 1`,
      [stationId],
    );
    const h = r.rows[0];
    return h
      ? {
          ts: h.ts.getTime(),
          cpuPct: h.cpu_pct,
          memUsedPct: h.mem_used_pct,
          diskUsedPct: h.disk_used_pct,
          tempC: h.temp_c,
          uplinkLatencyMs: h.uplink_latency_ms,
          outboxPending: h.outbox_pending,
          bytesSentToday: Number(h.bytes_sent_today),
          byteBudget: h.byte_budget === null ? null : Number(h.byte_budget),
          snapshotMode: h.snapshot_mode,
        }
      : null;
  }

  /** The agent's last `detail` text per camera. */
  async lastDetails(cameraIds: readonly string[]): Promise<Map<string, string>> {
    if (cameraIds.length === 0) return new Map();
    const r = await this.db.query<{ camera_id: string; detail: string }>(
      `SELECT q.camera_id, d.detail FROM unnest($1::text[]) AS q(camera_id)
       JOIN LATERAL (SELECT detail FROM camera_status_samples s WHERE s.camera_id = q.camera_id ORDER BY ts DESC LIMIT 1) d ON true`,
      [cameraIds],
    );
    return new Map(r.rows.map((x) => [x.camera_id, x.detail]));
  }

  /** Newest first: agent events, station online/offline changes and camera status changes. */
  async events(stationId: string, limit = 50): Promise<StationEventItem[]> {
    const r = await this.db.query<{
      ts: Date;
      kind: StationEventItem['kind'];
      camera_id: string | null;
      message: string;
      status: string | null;
      cause: string | null;
    }>(
      `(SELECT ts, kind, camera_id, message, NULL AS status, NULL AS cause FROM station_events WHERE station_id = $1 ORDER BY ts DESC LIMIT $2)
       UNION ALL
       (SELECT started_at, CASE status WHEN 'online' THEN 'station_online' ELSE 'station_offline' END, NULL, coalesce(cause, ''), NULL, cause
          FROM station_status_intervals WHERE station_id = $1 ORDER BY started_at DESC LIMIT $2)
       UNION ALL
       (SELECT started_at, 'camera_status', camera_id, status || coalesce(' (' || cause || ')', ''), status, cause
          FROM camera_status_intervals WHERE station_id = $1 ORDER BY started_at DESC LIMIT $2)
       ORDER BY 1 DESC LIMIT $2`,
      [stationId, limit],
    );
    // `message` keeps the raw text for diagnosis and older readers; `kind`, `status` and `cause` are what people read.
    return r.rows.map((e) => ({
      ts: e.ts.getTime(),
      kind: e.kind,
      cameraId: e.camera_id,
      message: e.message.slice(0, 512),
      status: e.status?.slice(0, 16) ?? null,
      cause: e.cause?.slice(0, 64) ?? null,
    }));
  }
}
