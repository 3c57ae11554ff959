import { encodeMessage, encodeSnapshotFrame, topicFor, type PayloadOf } from '@camwatch/config';
import type { OutboxRecord } from '../outbox/outbox-types.ts';

export class RecordEncodingError extends Error {
  override readonly name = 'RecordEncodingError';
}

/** The topic of a stored record, built only through config's `topicFor`. */
export function topicForRecord(stationId: string, record: OutboxRecord): string {
  switch (record.kind) {
    case 'cameraStatus':
    case 'snapshot':
      if (!record.cameraId) throw new RecordEncodingError(`${record.kind} record ${record.id} has no camera id`);
      return topicFor(record.kind, { stationId, cameraId: record.cameraId });
    case 'health':
    case 'event':
    case 'commandReply':
      return topicFor(record.kind, { stationId });
  }
}

/**
 * The wire form of a stored record. The stored JSON says `replay: false`; a record sent from the
 * backlog is re-encoded with `replay: true` so the hub can tell late data from live data.
 */
export function encodeRecord(record: OutboxRecord, replay: boolean): Buffer {
  if (record.kind === 'snapshot') {
    if (!record.jpeg) throw new RecordEncodingError(`snapshot record ${record.id} has no JPEG`);
    const meta = JSON.parse(record.payload) as PayloadOf<'snapshot'>;
    return encodeSnapshotFrame({ ...meta, replay }, record.jpeg);
  }
  if (!replay) return Buffer.from(record.payload);
  const payload = JSON.parse(record.payload) as PayloadOf<typeof record.kind>;
  return encodeMessage(record.kind, { ...payload, replay });
}
