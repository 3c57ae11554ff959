import type { Migration } from '../migrate.ts';
import { usersAndAudit } from './100-users-audit.ts';
import { alerts } from './101-alerts.ts';
import { liveFeed } from './102-live-feed.ts';
import { liveNotify } from './103-live-notify.ts';

/** The HTTP API's tables (versions 100+, so they never collide with the ingest's 1–99). */
export const API_MIGRATIONS: readonly Migration[] = [usersAndAudit, alerts, liveFeed, liveNotify];
