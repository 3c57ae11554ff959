import type { Migration } from '../migrate.ts';
import { inventory } from './001-inventory.ts';
import { samplesAndStatus } from './002-samples-status.ts';
import { timeseries } from './003-timeseries.ts';
import { usersAndAudit } from './100-users-audit.ts';
import { alerts } from './101-alerts.ts';
import { liveFeed } from './102-live-feed.ts';
import { liveNotify } from './103-live-notify.ts';
import { uptimeDays } from './110-uptime-days.ts';
import { ingestCorrectness } from './111-ingest-correctness.ts';
import { channelKinds } from './112-channel-kinds.ts';
import { alertParams } from './113-alert-params.ts';
import { honestAvailability } from './114-honest-availability.ts';
import { stationCommands } from './120-station-commands.ts';
import { cameraReferences } from './125-camera-references.ts';
import { workOrders } from './130-work-orders.ts';
import { pendingWills } from './135-pending-wills.ts';
import { stationBudget } from './136-station-budget.ts';
import { cameraAddedAt } from './140-camera-added-at.ts';
import { unitLineage } from './141-unit-lineage.ts';
import { privateCameras } from './150-private-cameras.ts';
import { privateCameraConnections } from './160-private-camera-connections.ts';
import { privateCameraAlerts } from './161-private-camera-alerts.ts';
import { stationPositionIndex } from './155-station-position-index.ts';

/**
 * Every migration of the hub, in version order: the one list `createHub` applies (and the
 * create-admin command). Append only: a released migration is never edited, a change is a new
 * version. Versions 1–3 and 110+ were once "the ingest's" and 100–103 "the API's"; ids, names and
 * SQL are unchanged, so a database migrated from the two lists finds nothing new here.
 */
export const MIGRATIONS: readonly Migration[] = [
  inventory,
  samplesAndStatus,
  timeseries,
  usersAndAudit,
  alerts,
  liveFeed,
  liveNotify,
  uptimeDays,
  ingestCorrectness,
  channelKinds,
  alertParams,
  honestAvailability,
  stationCommands,
  cameraReferences,
  workOrders,
  pendingWills,
  stationBudget,
  cameraAddedAt,
  unitLineage,
  privateCameras,
  stationPositionIndex,
  privateCameraConnections,
  privateCameraAlerts,
];
