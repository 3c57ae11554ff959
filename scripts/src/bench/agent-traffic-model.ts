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

/** A health message as the hub received it. */
export interface HealthReading {
  /** When the hub received it, ms since the epoch. */
  at: number;
  /** The agent's own count of socket bytes written today, read when it built this message. */
  bytesSentToday: number;
  /** Wire bytes (payload + topic + framing) of every message of this station the hub received before this one. */
  wireBefore: number;
}

export interface BytesCheck {
  seconds: number;
  /** Δ bytesSentToday between the two health messages. */
  agentBytes: number;
  /** What the hub saw in the same span, plus keepalive pings: tests the per-message wire sizes. */
  observedBytes: number;
  observedRatio: number;
  /** `dailyBytes` scaled to the span: tests the cadence assumptions too. Null when the span is shorter than a snapshot period. */
  modelBytes: number | null;
  modelRatio: number | null;
}

/**
 * Checks the traffic model against the agent's own counter between two health messages. The
 * health message at `from` is inside the span (sent after its count was read), the one at `to`
 * is not. The model is only comparable over at least a whole snapshot period: snapshots are most
 * of the bytes and come in rounds, one per camera per period.
 */
export function checkAgainstAgent(from: HealthReading, to: HealthReading, budget: DailyBudget, cadence: Cadence): BytesCheck {
  const ms = to.at - from.at;
  if (ms <= 0) throw new Error('the second health message must come after the first');
  const agentBytes = to.bytesSentToday - from.bytesSentToday;
  if (agentBytes <= 0) throw new Error(`bytesSentToday did not grow (${from.bytesSentToday} → ${to.bytesSentToday})`);
  const observedBytes = to.wireBefore - from.wireBefore + (budget.keepalive * ms) / 86_400_000;
  // Health comes on a timer with jitter: accept a span half a health period short of a snapshot period.
  const comparable = ms >= cadence.snapshotMs - cadence.healthMs / 2;
  const modelBytes = comparable ? (budget.total * ms) / 86_400_000 : null;
  return {
    seconds: ms / 1000,
    agentBytes,
    observedBytes,
    observedRatio: observedBytes / agentBytes,
    modelBytes,
    modelRatio: modelBytes === null ? null : modelBytes / agentBytes,
  };
}
