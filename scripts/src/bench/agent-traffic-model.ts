import { DEFAULTS } from '@camwatch/config';

/** MQTT PUBLISH framing besides topic and payload: fixed header (≤ 5 bytes), topic length (2), packet id (2). */
export const PUBLISH_OVERHEAD = 9;
/** PUBACKs are received, not sent; PINGREQ (2 bytes) only goes out on an idle keepalive period. */
const PINGS_PER_DAY = 86_400 / DEFAULTS.keepaliveS.value;

export interface KindStats {
  count: number;
  /** Average bytes on the wire per message: payload + topic + framing. */
  avgWireBytes: number;
}

export interface Cadence {
  cameras: number;
  healthMs: number;
  snapshotMs: number;
  statusRefreshMs: number;
}

export interface DailyBudget {
  health: number;
  cameraStatus: number;
  snapshot: number;
  keepalive: number;
  total: number;
}

/**
 * Steady-state bytes per day at a cadence, from message sizes measured on the wire. A run of a
 * few minutes is dominated by start-up (birth, first status of every camera, first snapshots),
 * so a straight extrapolation of its byte count would overstate the day; this model counts what
 * a station sends once settled: a heartbeat per health period, a status refresh per camera per
 * refresh period (report by exception: cameras that change send more), a snapshot per camera
 * per snapshot period.
 */
export function dailyBytes(sizes: Record<string, KindStats | undefined>, cadence: Cadence): DailyBudget {
  const day = 86_400_000;
  const avg = (kind: string) => {
    const s = sizes[kind];
    if (!s || s.count === 0) throw new Error(`no ${kind} message was measured; run longer`);
    return s.avgWireBytes;
  };
  const health = (day / cadence.healthMs) * avg('health');
  const cameraStatus = cadence.cameras * (day / cadence.statusRefreshMs) * avg('cameraStatus');
  const snapshot = cadence.cameras * (day / cadence.snapshotMs) * avg('snapshot');
  const keepalive = PINGS_PER_DAY * 2;
  return { health, cameraStatus, snapshot, keepalive, total: health + cameraStatus + snapshot + keepalive };
}
