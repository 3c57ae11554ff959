import type { SnapshotRef } from '@camwatch/config';
import type { SnapshotLinks } from './snapshot-links.ts';
import type { SnapshotMetaRow } from './snapshot-read-repository.ts';

/** A snapshot as handed to one user: an opaque URL signed for them, never the file name or id. */
export function snapshotRef(links: SnapshotLinks, row: SnapshotMetaRow, userId: string): Promise<SnapshotRef>;
export function snapshotRef(links: SnapshotLinks, row: SnapshotMetaRow | null | undefined, userId: string): Promise<SnapshotRef | null>;
export async function snapshotRef(
  links: SnapshotLinks,
  row: SnapshotMetaRow | null | undefined,
  userId: string,
): Promise<SnapshotRef | null> {
  if (!row) return null;
  return { url: await links.url(row.id, userId), takenAt: row.ts, width: row.width, height: row.height };
}
