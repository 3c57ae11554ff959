import { DEFAULTS, decodeJson, decodeSnapshotFrame, formatIssues, parseTopic, type PayloadOf } from '@camwatch/config';
import type { IngestItem, Rejection } from './ingest-types.ts';

export interface DecodeLimits {
  maxFutureSkewMs: number;
  maxReplayAgeMs: number;
  snapshotMaxBytes: number;
}

export const DEFAULT_LIMITS: DecodeLimits = {
  maxFutureSkewMs: DEFAULTS.maxFutureSkewMs.value,
  maxReplayAgeMs: DEFAULTS.maxReplayAgeMs.value,
  snapshotMaxBytes: DEFAULTS.snapshotHubMaxBytes.value,
};

/** A JSON message decoded; snapshots come back with their JPEG for the snapshot store. */
export type Decoded =
  | { ok: true; item: Exclude<IngestItem, { kind: 'snapshot' }> }
  | { ok: true; snapshot: { stationId: string; meta: PayloadOf<'snapshot'>; jpeg: Buffer } }
  | { ok: false; rejection: Rejection };

const reject = (reason: Rejection['reason'], detail: string, stationId: string | null = null): Decoded => ({
  ok: false,
  rejection: { reason, detail, stationId },
});

/**
 * Edge validation of one MQTT message: topic, schema, identity (the ids in the payload must
 * be those of the topic, which the broker ties to the credentials) and timestamp plausibility.
 */
export function decodeMessage(
  topic: string,
  payload: Buffer,
  receivedAt: number,
  retained: boolean,
  limits: DecodeLimits = DEFAULT_LIMITS,
): Decoded {
  const parsed = parseTopic(topic);
  if (!parsed || parsed.stationId === null) return reject('unknown_topic', topic);
  const stationId = parsed.stationId;
  if (parsed.kind === 'snapshot') {
    const frame = decodeSnapshotFrame(payload, limits.snapshotMaxBytes);
    if (!frame.ok) return reject(frame.reason, formatIssues(frame.issues), stationId);
    const { meta } = frame.value;
    const bad = checkIdentity(meta.stationId, meta.cameraId, stationId, parsed.cameraId) ?? checkTs(meta.ts, receivedAt, limits);
    if (bad) return reject(bad.reason, bad.detail, stationId);
    return { ok: true, snapshot: { stationId, meta, jpeg: frame.value.jpeg } };
  }
  const kind = parsed.kind;
  if (kind !== 'health' && kind !== 'cameraStatus' && kind !== 'event' && kind !== 'commandReply' && kind !== 'birth' && kind !== 'state') {
    return reject('unknown_topic', `${kind} is not a station-to-hub topic`, stationId);
  }
  // The bytes are kept (IngestItem.raw): the sample insert sends them on as they are.
  const decoded = decodeJson(kind, payload);
  if (!decoded.ok) return reject(decoded.reason, formatIssues(decoded.issues), stationId);
  const value = decoded.value;
  const cameraId = 'cameraId' in value && kind === 'cameraStatus' ? value.cameraId : null;
  // A retained message and a Last Will were written long before delivery: their ts says when, not a clock error.
  const timed = !retained && kind !== 'state';
  const bad =
    checkIdentity(value.stationId, cameraId, stationId, parsed.cameraId) ?? (timed ? checkTs(value.ts, receivedAt, limits) : null);
  if (bad) return reject(bad.reason, bad.detail, stationId);
  return {
    ok: true,
    item: { kind, stationId, receivedAt, retained, payload: value, raw: payload } as Exclude<IngestItem, { kind: 'snapshot' }>,
  };
}

function checkIdentity(payloadStation: string, payloadCamera: string | null, topicStation: string, topicCamera: string | null) {
  if (payloadStation !== topicStation)
    return { reason: 'station_mismatch' as const, detail: `payload stationId ${payloadStation} on topic of ${topicStation}` };
  if (topicCamera !== null && payloadCamera !== topicCamera)
    return { reason: 'camera_mismatch' as const, detail: `payload cameraId ${payloadCamera} on topic of ${topicCamera}` };
  return null;
}

function checkTs(ts: number, receivedAt: number, limits: DecodeLimits) {
  if (ts > receivedAt + limits.maxFutureSkewMs)
    return { reason: 'ts_future' as const, detail: `ts ${ts} is ${ts - receivedAt} ms ahead of the hub` };
  if (ts < receivedAt - limits.maxReplayAgeMs) return { reason: 'ts_too_old' as const, detail: `ts ${ts} is ${receivedAt - ts} ms old` };
  return null;
}
