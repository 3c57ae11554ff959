import type { DataKind } from './outbox-types.ts';

/** A record could not be committed (typically `SQLITE_FULL`): it is counted and reported by a gap marker later. */
export class OutboxWriteError extends Error {
  override readonly name = 'OutboxWriteError';
  constructor(
    readonly kind: DataKind,
    readonly code: string | null,
    cause: unknown,
  ) {
    super(`outbox could not store a ${kind} record: ${(cause as Error).message}`, { cause });
  }
}

/** SQLite's "database or disk is full" (`SQLITE_FULL`) and the file system's own (`SQLITE_IOERR_WRITE` from ENOSPC…). */
export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR'));
}
