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

/** SQLite's primary result codes that mean "could not write" (https://sqlite.org/rescode.html). */
const SQLITE_IOERR = 10;
const SQLITE_FULL = 13;

/**
 * node:sqlite throws `ERR_SQLITE_ERROR` with SQLite's extended result code in `errcode`; the low
 * byte is the primary code. `SQLITE_FULL` or an I/O error (`SQLITE_IOERR_WRITE` from ENOSPC…).
 */
function primaryCode(err: unknown): number | null {
  const errcode = (err as { errcode?: unknown } | null)?.errcode;
  return typeof errcode === 'number' ? errcode & 0xff : null;
}

/** SQLite's "database or disk is full" (`SQLITE_FULL`) and the file system's own (`SQLITE_IOERR_WRITE` from ENOSPC…). */
export function isDiskFull(err: unknown): boolean {
  const code = primaryCode(err);
  return code === SQLITE_FULL || code === SQLITE_IOERR;
}

/** The SQLite name of a disk-full error's code, as logs and the outbox's counters report it. */
export function diskFullCode(err: unknown): string | null {
  const code = primaryCode(err);
  return code === SQLITE_FULL ? 'SQLITE_FULL' : code === SQLITE_IOERR ? 'SQLITE_IOERR' : null;
}
