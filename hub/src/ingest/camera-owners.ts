import type { CameraOwnerRepository } from './camera-owner-repository.ts';

/**
 * Which station each inventoried camera belongs to, so a station cannot report on (or replace
 * the snapshot of) another station's camera through its own topics: the broker's ACL ties the
 * topic's station id to the credentials, but the camera id inside it is the station's word.
 * Cameras not in the inventory yet (found by discovery) are accepted from whoever reports them.
 */
export class CameraOwners {
  private owners = new Map<string, string>();

  constructor(private readonly repo: CameraOwnerRepository) {}

  async refresh(): Promise<void> {
    this.owners = await this.repo.activeOwners();
  }

  /** The station that owns the camera, when it is not `stationId`; null when the claim is fine. */
  otherOwner(cameraId: string, stationId: string): string | null {
    const owner = this.owners.get(cameraId);
    return owner !== undefined && owner !== stationId ? owner : null;
  }
}
