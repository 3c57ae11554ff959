import type { Db } from '../db/db.ts';

/** The owner station of each camera in service, for the ingest's ownership check. */
export class CameraOwnerRepository {
  constructor(private readonly db: Db) {}

  async activeOwners(): Promise<Map<string, string>> {
    const res = await this.db.query<{ id: string; station_id: string }>('SELECT id, station_id FROM cameras WHERE retired_at IS NULL');
    return new Map(res.rows.map((r) => [r.id, r.station_id]));
  }

  /**
   * A digest of the same pairs (count and a sum of 32-bit hashes), read in one row: it changes when
   * a camera is added, retired or moves to another station. The table is read by the database, but
   * nothing travels and nothing is parsed; a change it misses (two changes whose hashes cancel out)
   * is about as likely as 1 in 2^32.
   */
  async ownersDigest(): Promise<string> {
    const res = await this.db.query<{ digest: string }>(
      `SELECT count(*) || ':' || coalesce(sum(hashtext(id || ' ' || station_id)::bigint), 0) AS digest FROM cameras WHERE retired_at IS NULL`,
    );
    return res.rows[0]!.digest;
  }
}
