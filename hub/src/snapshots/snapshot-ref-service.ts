import type { SnapshotRef } from '@camwatch/config';
import type { SnapshotLinks } from './snapshot-links.ts';
import type { SnapshotReadRepository } from './snapshot-read-repository.ts';
import { snapshotRef } from './snapshot-refs.ts';

/**
 * Snapshots as handed to one user: opaque URLs signed for them (never a file name or id). The
 * caller has already checked that the camera is in the user's area; opening a URL is checked and
 * audited again by SnapshotViewService.
 */
export class SnapshotRefService {
  constructor(
    private readonly links: SnapshotLinks,
    private readonly reads: SnapshotReadRepository,
  ) {}

  /** A camera's history, newest first. */
  async history(cameraId: string, q: { from?: number; to?: number; limit: number }, userId: string): Promise<SnapshotRef[]> {
    const rows = await this.reads.history(cameraId, q);
    const refs: SnapshotRef[] = [];
    for (const row of rows) refs.push(await snapshotRef(this.links, row, userId));
    return refs;
  }

  /** A camera's latest snapshot, or null when it has none. */
  async latest(cameraId: string, userId: string): Promise<SnapshotRef | null> {
    return snapshotRef(this.links, (await this.reads.latest([cameraId])).get(cameraId), userId);
  }

  /** One snapshot a record points at (a work order's before/after picture), or null when it is gone. */
  async byId(id: number, userId: string): Promise<SnapshotRef | null> {
    return snapshotRef(this.links, await this.reads.byId(id), userId);
  }
}
