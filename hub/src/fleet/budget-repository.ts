import type { SnapshotMode } from '@camwatch/config';
import { scopeCondition, type Scope } from '../auth/scope.ts';
import type { Db } from '../db/db.ts';

export interface BudgetRow {
  stationId: string;
  name: string;
  unitId: string;
  reportedAt: number;
  bytesSentToday: number;
  byteBudget: number;
  bytesProjectedToday: number | null;
  snapshotMode: SnapshotMode | null;
}

/** SQL of the stations' byte budgets, read from their latest health sample (migration 136). */
export class BudgetRepository {
  constructor(private readonly db: Db) {}

  /**
   * Stations in the scope (not retired) whose latest health since `dayStart` reports a budget and is
   * over it, projected over it, or down to on-change snapshots.
   */
  async stationsShort(scope: Scope, dayStart: number): Promise<BudgetRow[]> {
    const params: unknown[] = [new Date(dayStart).toISOString()];
    const r = await this.db.query<{
      id: string;
      name: string;
      unit_id: string;
      ts: Date;
      bytes_sent_today: number;
      byte_budget: number;
      bytes_projected_today: number | null;
      snapshot_mode: SnapshotMode | null;
    }>(
      `SELECT s.id, s.name, s.unit_id, h.ts, h.bytes_sent_today, h.byte_budget, h.bytes_projected_today, h.snapshot_mode
         FROM stations s
         JOIN LATERAL (SELECT ts, bytes_sent_today, byte_budget, bytes_projected_today, snapshot_mode FROM health_samples
                        WHERE station_id = s.id AND ts >= $1 ORDER BY ts DESC LIMIT 1) h ON true
        WHERE s.retired_at IS NULL AND ${scopeCondition(scope, 's.unit_id', params)}
          AND h.byte_budget IS NOT NULL
          AND (h.bytes_sent_today > h.byte_budget OR h.bytes_projected_today > h.byte_budget OR h.snapshot_mode = 'on_change')
        ORDER BY s.id`,
      params,
    );
    return r.rows.map((x) => ({
      stationId: x.id,
      name: x.name,
      unitId: x.unit_id,
      reportedAt: x.ts.getTime(),
      bytesSentToday: Number(x.bytes_sent_today),
      byteBudget: Number(x.byte_budget),
      bytesProjectedToday: x.bytes_projected_today === null ? null : Number(x.bytes_projected_today),
      snapshotMode: x.snapshot_mode,
    }));
  }
}
