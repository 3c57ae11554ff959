import type { Logger } from 'pino';
import type { Db } from '../db/db.ts';
import { RAW_TABLES } from '../db/migrations/003-timeseries.ts';
import type { HubMetrics } from '../metrics.ts';
import { DEFAULTS } from '@camwatch/config';
import { SampleRepository } from '../ingest/sample-repository.ts';
import { CommandRepository } from '../commands/command-repository.ts';
import type { SnapshotRepository } from '../snapshots/snapshot-repository.ts';
import type { SnapshotFiles } from '../snapshots/snapshot-files.ts';

export interface RetentionOptions {
  rawRetentionDays: number;
  snapshotRetentionDays: number;
}

const DAY = 86_400_000;

/**
 * Retention the hub enforces itself. Raw samples: only on plain PostgreSQL (TimescaleDB's
 * retention policy drops whole chunks). Snapshot history: always (files live outside the
 * database); a camera's latest snapshot is never expired.
 */
export async function runRetention(
  db: Db,
  files: SnapshotFiles,
  snapshots: SnapshotRepository,
  opts: RetentionOptions,
  now: number,
  metrics?: HubMetrics,
  log?: Logger,
): Promise<Record<string, number>> {
  const deleted: Record<string, number> = db.features.timescale
    ? {}
    : await new SampleRepository().deleteRawBefore(db, RAW_TABLES, now - opts.rawRetentionDays * DAY);
  // A key only guards against a message the hub would still accept (ts within maxReplayAgeMs, a day of margin).
  deleted.message_keys = await new SampleRepository().expireKeys(db, now - DEFAULTS.maxReplayAgeMs.value - DAY);
  // Kept as long as the raw replies; who sent what stays in the audit log.
  deleted.station_commands = await new CommandRepository().deleteBefore(db, now - opts.rawRetentionDays * DAY);
  const expired = await snapshots.expire(db, now - opts.snapshotRetentionDays * DAY);
  deleted.snapshots = expired.deleted;
  for (const sha of expired.orphans) await files.remove(sha);
  for (const [table, n] of Object.entries(deleted)) if (n > 0) metrics?.retentionDeleted.inc({ table }, n);
  if (Object.values(deleted).some((n) => n > 0)) log?.info({ deleted }, 'retention');
  return deleted;
}
