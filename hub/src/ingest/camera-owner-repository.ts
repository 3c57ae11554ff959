import type { Db } from '../db/db.ts';

/** The owner station of each camera in service, for the ingest's ownership check. */
export class CameraOwnerRepository {
  constructor(private readonly db: Db) {}

  async activeOwners(): Promise<Map<string, string>> {
    const res = await this.db.query<{ id: string; station_id: string }>('SELECT id, station_id FROM cameras WHERE retired_at IS NULL');
    return new Map(res.rows.map((r) => [r.id, r.station_id]));
  }
}
