import { DATA_KINDS, type DataKind, type PayloadOf } from '@camwatch/config';

/** Message kinds that carry the envelope and travel through the outbox (birth and state are session-level): config's DATA_KINDS. */
export { DATA_KINDS, type DataKind };

export type EnvelopeKey = 'stationId' | 'bootId' | 'seq' | 'ts' | 'replay';
/** What a caller supplies for a data message; the outbox stamps the envelope. */
export type DataFields<K extends DataKind> = Omit<PayloadOf<K>, EnvelopeKey>;

/**
 * Thinning order when the outbox is full: the first kind loses samples first. Health samples are
 * the most redundant (one per minute); snapshots are big and only the latest matters much;
 * status changes and command replies carry facts; events (gap markers included) are kept longest.
 */
export const THINNING_ORDER: readonly DataKind[] = ['health', 'snapshot', 'cameraStatus', 'commandReply', 'event'];

/** One pending message as stored. `payload` is the JSON envelope with `replay: false`. */
export interface OutboxRecord {
  id: number;
  kind: DataKind;
  cameraId: string | null;
  bootId: string;
  seq: number;
  ts: number;
  payload: string;
  jpeg: Buffer | null;
  bytes: number;
}

export interface OutboxStats {
  pending: number;
  pendingBytes: number;
  /** Records thinned out of a full outbox since install (persisted). */
  droppedTotal: number;
  /** Records refused by a full disk and not yet reported by a gap marker (memory only: the disk is full). */
  unwritten: number;
  maxBytes: number;
}

export interface GapSummary {
  kind: DataKind;
  dropped: number;
  fromTs: number;
  toTs: number;
}
