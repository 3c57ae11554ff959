import type { Migration } from '../migrate.ts';
import { inventory } from './001-inventory.ts';
import { samplesAndStatus } from './002-samples-status.ts';
import { timeseries } from './003-timeseries.ts';
import { uptimeDays } from './110-uptime-days.ts';
import { ingestCorrectness } from './111-ingest-correctness.ts';

/** Append only: a released migration is never edited, a change is a new version. */
export const MIGRATIONS: readonly Migration[] = [inventory, samplesAndStatus, timeseries, uptimeDays, ingestCorrectness];
