import { scopeCondition, type Scope } from '../auth/scope.ts';
import type { Db } from '../db/db.ts';

export interface StationAgentVersion {
  stationId: string;
  name: string;
  unitId: string;
  version: string | null;
  /** The first birth of the current run of this version (after the last birth with another one). */
  since: number | null;
}

/**
 * Each station's agent version, derived from its stored births rather than kept in a column: a
 * birth arrives once per connect, so a station has few, and `station_births (station_id, ts DESC)`
 * answers "latest" and "since" per station from the index. No ingest change, no migration.
 */
const CURRENT = `
  SELECT l.agent_version,
         (SELECT min(b.ts) FROM station_births b
           WHERE b.station_id = s.id AND b.agent_version = l.agent_version
             AND b.ts > coalesce((SELECT max(o.ts) FROM station_births o
                                   WHERE o.station_id = s.id AND o.agent_version <> l.agent_version), '-infinity')) AS since
    FROM (SELECT agent_version FROM station_births WHERE station_id = s.id ORDER BY ts DESC LIMIT 1) l`;

export class AgentVersionRepository {
  constructor(private readonly db: Db) {}

  /** Stations in the scope (not retired), with their current version; `stationId` narrows to one. */
  async stations(scope: Scope, stationId?: string): Promise<StationAgentVersion[]> {
    const params: unknown[] = [];
    let byId = '';
    if (stationId !== undefined) {
      params.push(stationId);
      byId = `AND s.id = $${params.length}`;
    }
    const r = await this.db.query<{ id: string; name: string; unit_id: string; agent_version: string | null; since: Date | null }>(
      `SELECT s.id, s.name, s.unit_id, v.agent_version, v.since
         FROM stations s LEFT JOIN LATERAL (${CURRENT}) v ON true
        WHERE s.retired_at IS NULL ${byId} AND ${scopeCondition(scope, 's.unit_id', params)}
        ORDER BY s.id`,
      params,
    );
    return r.rows.map((x) => ({
      stationId: x.id,
      name: x.name,
      unitId: x.unit_id,
      version: x.agent_version,
      since: x.since?.getTime() ?? null,
    }));
  }

  /** The distinct versions the whole fleet's stations (not retired) run now; names only, no station. */
  async fleetVersions(): Promise<string[]> {
    const r = await this.db.query<{ agent_version: string }>(
      `SELECT DISTINCT l.agent_version FROM stations s
         JOIN LATERAL (SELECT agent_version FROM station_births WHERE station_id = s.id ORDER BY ts DESC LIMIT 1) l ON true
        WHERE s.retired_at IS NULL`,
    );
    return r.rows.map((x) => x.agent_version);
  }
}
