import { stat } from 'node:fs/promises';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Principal } from '../auth/auth-service.ts';
import { scopeHasUnit } from '../auth/scope.ts';
import { notFound, type Refusal } from '../service-refusal.ts';
import type { SnapshotFiles } from './snapshot-files.ts';
import type { SnapshotLinks } from './snapshot-links.ts';
import type { SnapshotReadRepository } from './snapshot-read-repository.ts';

/** A snapshot the caller may see: its file, size, and when the link that led here expires. */
export interface ViewableSnapshot {
  path: string;
  size: number;
  linkExpiresAt: number;
}

/**
 * Opening the image behind a signed snapshot URL (Decree 13/2023: street pictures are personal
 * data). It needs the URL *and* the session of the user it was signed for, the camera must still
 * be in that user's area, and every view is recorded in the audit log.
 */
export class SnapshotViewService {
  constructor(
    private readonly links: SnapshotLinks,
    private readonly reads: SnapshotReadRepository,
    private readonly files: SnapshotFiles,
    private readonly audit: AuditLog,
  ) {}

  /** 'expired': the link was genuine but is too old (the page should reload). */
  async open(by: { actor: Principal; ip: string | null }, token: string): Promise<ViewableSnapshot | 'expired' | Refusal> {
    const claim = await this.links.verify(token);
    if (claim === 'expired') return 'expired';
    if (claim === 'invalid' || claim.userId !== by.actor.userId) return notFound('snapshot');
    const snap = await this.reads.byId(claim.snapshotId);
    if (!snap || !scopeHasUnit(by.actor.scope, snap.unitId)) return notFound('snapshot');
    const path = this.files.pathOf(snap.sha256);
    const size = await stat(path).then(
      (s) => s.size,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      },
    );
    if (size === null) return notFound('snapshot file');
    await this.audit.record({
      actor: by.actor,
      action: 'snapshot.view',
      targetKind: 'camera',
      targetId: snap.cameraId,
      detail: { snapshotId: snap.id, takenAt: snap.ts },
      ip: by.ip,
    });
    return { path, size, linkExpiresAt: claim.expiresAt };
  }
}
