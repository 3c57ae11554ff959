import type { CameraOwnerRepository } from './camera-owner-repository.ts';

/**
 * Which station each inventoried camera belongs to, so a station cannot report on (or replace
 * the snapshot of) another station's camera through its own topics: the broker's ACL ties the
 * topic's station id to the credentials, but the camera id inside it is the station's word.
 * Cameras not in the inventory yet (found by discovery) are accepted from whoever reports them.
 */
export class CameraOwners {
  private owners = new Map<string, string>();
  private digest: string | null = null;

  constructor(private readonly repo: CameraOwnerRepository) {}

  /**
   * Reloads the map when the cameras changed. Every hub runs this every sweep (10 s): at 100,000
   * cameras reading every pair each time cost each hub ~100,000 rows to parse and a new map, about
   * as much CPU as the whole ingest of a starved hub in `pnpm bench load`.
   */
  async refresh(): Promise<void> {
    const digest = await this.repo.ownersDigest();
    if (digest === this.digest) return;
    this.owners = await this.repo.activeOwners();
    // The digest read before the map: a change between the two reloads once more next time, never is missed.
    this.digest = digest;
  }

  /** The station that owns the camera, when it is not `stationId`; null when the claim is fine. */
  otherOwner(cameraId: string, stationId: string): string | null {
    const owner = this.owners.get(cameraId);
    return owner !== undefined && owner !== stationId ? owner : null;
  }
}
