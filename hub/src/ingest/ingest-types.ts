import type { PayloadOf } from '@camwatch/config';
import type { StoredSnapshot } from '../snapshots/snapshot-repository.ts';

export type { StoredSnapshot };

/**
 * A validated message, ready for the batch writer. `receivedAt` is the hub clock. `raw`, when set,
 * is the payload's JSON text as received, which decoded to `payload` under its strict schema: the
 * sample insert sends it on as is rather than serialising `payload` again (sample-repository.ts).
 */
export type IngestItem =
  | { kind: 'health'; stationId: string; receivedAt: number; retained: boolean; payload: PayloadOf<'health'>; raw?: string }
  | { kind: 'cameraStatus'; stationId: string; receivedAt: number; retained: boolean; payload: PayloadOf<'cameraStatus'>; raw?: string }
  | { kind: 'event'; stationId: string; receivedAt: number; retained: boolean; payload: PayloadOf<'event'>; raw?: string }
  | { kind: 'commandReply'; stationId: string; receivedAt: number; retained: boolean; payload: PayloadOf<'commandReply'>; raw?: string }
  | { kind: 'birth'; stationId: string; receivedAt: number; retained: boolean; payload: PayloadOf<'birth'>; raw?: string }
  | { kind: 'state'; stationId: string; receivedAt: number; retained: boolean; payload: PayloadOf<'state'>; raw?: string }
  | { kind: 'snapshot'; stationId: string; receivedAt: number; retained: boolean; payload: StoredSnapshot; raw?: undefined };

export type IngestKind = IngestItem['kind'];

/** The envelope (bootId, seq, ts) of any message but `state`: a snapshot carries it in its meta. */
export const envelopeOf = (i: Exclude<IngestItem, { kind: 'state' }>) => (i.kind === 'snapshot' ? i.payload.meta : i.payload);

export const REJECT_REASONS = [
  'unknown_topic',
  'not_json',
  'not_object',
  'schema',
  'bad_frame',
  'too_large',
  'station_mismatch',
  'camera_mismatch',
  'camera_not_of_station',
  'rate_limited',
  'ts_future',
  'ts_too_old',
  'snapshot_write_failed',
  'store_failed',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export interface Rejection {
  reason: RejectReason;
  detail: string;
  stationId: string | null;
}
