import type { NeverReportedItem } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { scopeCondition, type Scope } from '../auth/scope.ts';

/** The report-only reads: stations that never reported, and the names an outage report prints. */
export class ReportRepository {
  constructor(private readonly db: Db) {}

  /** Stations in service, in the scope, that never sent a single message (installed but never connected). */
  async neverReported(scope: Scope): Promise<NeverReportedItem[]> {
    const params: unknown[] = [];
    const r = await this.db.query<{
      id: string;
      name: string;
      unit_id: string;
      unit_name: string;
      address: string;
      installed_at: string;
      cameras: number;
    }>(
      `SELECT s.id, s.name, s.unit_id, u.name AS unit_name, s.address, to_char(s.installed_at, 'YYYY-MM-DD') AS installed_at,
       (SELECT count(*)::int FROM cameras c WHERE c.station_id = s.id AND c.retired_at IS NULL) AS cameras
     FROM stations s JOIN units u ON u.id = s.unit_id
     WHERE s.retired_at IS NULL AND NOT EXISTS (SELECT 1 FROM station_liveness l WHERE l.station_id = s.id)
       AND ${scopeCondition(scope, 's.unit_id', params)}
     ORDER BY s.installed_at, s.id`,
      params,
    );
    return r.rows.map((s) => ({
      stationId: s.id,
      name: s.name,
      unitId: s.unit_id,
      unitName: s.unit_name,
      address: s.address,
      installedAt: s.installed_at,
      cameras: s.cameras,
    }));
  }

  /** Name and unit of each station (retired ones too: an old outage still names its station). */
  async stationInfo(ids: readonly string[]): Promise<Map<string, { name: string; unitId: string; unitName: string }>> {
    const r = await this.db.query<{ id: string; name: string; unit_id: string; unit_name: string }>(
      'SELECT s.id, s.name, s.unit_id, u.name AS unit_name FROM stations s JOIN units u ON u.id = s.unit_id WHERE s.id = ANY($1::text[])',
      [ids],
    );
    return new Map(r.rows.map((s) => [s.id, { name: s.name, unitId: s.unit_id, unitName: s.unit_name }]));
  }
}
