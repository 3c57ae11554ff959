import type { Db } from '../db/db.ts';

/**
 * Which station each inventoried camera belongs to, so a station cannot report on (or replace
 * the snapshot of) another station's camera through its own topics: the broker's ACL ties the
 * topic's station id to the credentials, but the camera id inside it is the station's word.
 * Cameras not in the inventory yet (found by discovery) are accepted from whoever reports them.
 */
export class CameraOwners {
  private owners = new Map<string, string>();

  constructor(private readonly db: Db) {}

  async refresh(): Promise<void> {
    const res = await this.db.query<{ id: string; station_id: string }>('SELECT id, station_id FROM cameras WHERE retired_at IS NULL');
    this.owners = new Map(res.rows.map((r) => [r.id, r.station_id]));
  }

  /** The station that owns the camera, when it is not `stationId`; null when the claim is fine. */
  otherOwner(cameraId: string, stationId: string): string | null {
    const owner = this.owners.get(cameraId);
    return owner !== undefined && owner !== stationId ? owner : null;
  }
}
