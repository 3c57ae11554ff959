import type { PayloadOf } from '@camwatch/config';
import type { StoredSnapshot } from '../snapshots/snapshot-repository.ts';

export type { StoredSnapshot };

/**
 * A validated message, ready for the batch writer. `receivedAt` is the hub clock. `raw`, when set,
 * is the payload's bytes as received (JSON), which decoded to `payload` under its strict schema: the
 * sample insert sends them on as they are rather than serialising `payload` again (sample-repository.ts).
 */
export type IngestItem =
  | { kind: 'health'; stationId: string; receivedAt: number; retained: boolean; payload: PayloadOf<'health'>; raw?: Buffer }
  | { kind: 'cameraStatus'; stationId: string; receivedAt: number; retained: boolean; payload: PayloadOf<'cameraStatus'>; raw?: Buffer }
  | { kind: 'event'; stationId: string; receivedAt: number; retained: boolean; payload: PayloadOf<'event'>; raw?: Buffer }
  | { kind: 'commandReply'; stationId: string; receivedAt: number; retained: boolean; payload: PayloadOf<'commandReply'>; raw?: Buffer }
  | { kind: 'birth'; stationId: string; receivedAt: number; retained: boolean; payload: PayloadOf<'birth'>; raw?: Buffer }
  | { kind: 'state'; stationId: string; receivedAt: number; retained: boolean; payload: PayloadOf<'state'>; raw?: Buffer }
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
