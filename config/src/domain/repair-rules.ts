import type { CameraMapStatus, StationLiveness } from '../api/dashboard-common.ts';

/**
 * What needs a repair visit, one definition for every place that counts it: the map's summary
 * bar (its ✖ figure), the repair page's count and its groups. A camera of an offline station
 * is not a camera fault: the station is dark (power, SIM, theft) and one visit to the station
 * is the repair, so it is counted once, as a station outage, and never as a broken camera.
 * A station that never reported is on the never-reported list, not here.
 */
export type RepairGroup = 'camera' | 'station';

export function repairGroup(station: StationLiveness, camera: CameraMapStatus): RepairGroup | null {
  if (station === 'offline') return 'station';
  if (station === 'online' && camera === 'down') return 'camera';
  return null;
}

/**
 * The same rule read off a repair-queue item: the hub lists a camera of an offline station
 * with status `unknown` and a down camera of a live station with status `down`
 * (GET /api/repair-queue, RepairItem.status).
 */
export function repairGroupOfItem(item: { status: CameraMapStatus }): RepairGroup | null {
  return item.status === 'unknown' ? repairGroup('offline', 'unknown') : repairGroup('online', item.status);
}
