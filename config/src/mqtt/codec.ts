import type { TSchema } from '@sinclair/typebox';
import { TOPICS, topicFor, type PayloadOf, type TopicKind, type TopicParams } from './topics.ts';
import { compileValidator, type ValidationIssue } from '../validation.ts';

const validators = Object.fromEntries(
  (Object.keys(TOPICS) as TopicKind[]).map((k) => [k, compileValidator(TOPICS[k].schema as TSchema)]),
) as { [K in TopicKind]: ReturnType<typeof compileValidator<(typeof TOPICS)[K]['schema']>> };

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; reason: DecodeFailure; issues: ValidationIssue[] };
export type DecodeFailure = 'not_json' | 'schema' | 'not_object' | 'bad_frame' | 'too_large';

/** Validates a value already parsed from JSON; the same function for MQTT ingress and tests. */
export function validatePayload<K extends TopicKind>(kind: K, value: unknown): DecodeResult<PayloadOf<K>> {
  const issues = validators[kind].issues(value);
  return issues.length === 0 ? { ok: true, value: value as PayloadOf<K> } : { ok: false, reason: 'schema', issues };
}

export function decodeJson<K extends TopicKind>(kind: K, payload: Uint8Array | string, maxBytes = 64 * 1024): DecodeResult<PayloadOf<K>> {
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
  if (size > maxBytes)
    return { ok: false, reason: 'too_large', issues: [{ path: '', message: `payload of ${size} bytes exceeds ${maxBytes}` }] };
  let value: unknown;
  try {
    // A view of the bytes, not a copy (Buffer.from(Uint8Array) copies): the hub decodes every message here.
    value = JSON.parse(
      typeof payload === 'string' ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'),
    );
  } catch (err) {
    return { ok: false, reason: 'not_json', issues: [{ path: '', message: (err as Error).message }] };
  }
  return validatePayload(kind, value);
}

export function encodeJson<K extends TopicKind>(_kind: K, payload: PayloadOf<K>): Buffer {
  return Buffer.from(JSON.stringify(payload));
}

// Snapshot frame: "CWS1" | uint32 BE metadata length | metadata JSON | JPEG bytes.
// One self-describing binary message works on every broker (no MQTT 5 properties needed,
// aedes and MQTT 3.1.1 bridges included) and is stored by the outbox as one record.
const FRAME_MAGIC = Buffer.from('CWS1');

export function encodeSnapshotFrame(meta: PayloadOf<'snapshot'>, jpeg: Uint8Array): Buffer {
  const json = Buffer.from(JSON.stringify(meta));
  const head = Buffer.alloc(8);
  FRAME_MAGIC.copy(head, 0);
  head.writeUInt32BE(json.length, 4);
  return Buffer.concat([head, json, jpeg]);
}

export function decodeSnapshotFrame(frame: Uint8Array, maxBytes: number): DecodeResult<{ meta: PayloadOf<'snapshot'>; jpeg: Buffer }> {
  const buf = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  if (buf.length > maxBytes)
    return { ok: false, reason: 'too_large', issues: [{ path: '', message: `snapshot of ${buf.length} bytes exceeds ${maxBytes}` }] };
  if (buf.length < 8 || !buf.subarray(0, 4).equals(FRAME_MAGIC))
    return { ok: false, reason: 'bad_frame', issues: [{ path: '', message: 'missing CWS1 header' }] };
  const len = buf.readUInt32BE(4);
  if (len > 4096 || 8 + len > buf.length)
    return { ok: false, reason: 'bad_frame', issues: [{ path: '', message: `metadata length ${len} out of range` }] };
  const meta = decodeJson('snapshot', buf.subarray(8, 8 + len));
  if (!meta.ok) return meta;
  const jpeg = buf.subarray(8 + len);
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8)
    return { ok: false, reason: 'bad_frame', issues: [{ path: 'jpeg', message: 'not a JPEG (no SOI marker)' }] };
  return { ok: true, value: { meta: meta.value, jpeg } };
}

/** Encodes any message for its topic: JSON, or the snapshot frame when `jpeg` is given. */
export function encodeMessage<K extends TopicKind>(kind: K, payload: PayloadOf<K>, jpeg?: Uint8Array): Buffer {
  if (TOPICS[kind].encoding === 'snapshot-frame') {
    if (!jpeg) throw new Error('snapshot messages need the JPEG bytes');
    return encodeSnapshotFrame(payload as PayloadOf<'snapshot'>, jpeg);
  }
  return encodeJson(kind, payload);
}

/** The minimal client surface camwatch needs; satisfied by an mqtt.js `MqttClient`. */
export interface PublishingClient {
  publish(topic: string, message: Buffer, opts: { qos: 0 | 1 | 2; retain: boolean }, callback?: (err?: Error) => void): unknown;
}

/**
 * Typed publish: the payload type follows the topic kind, and QoS/retain come from the contract,
 * so no caller can publish a health sample as retained or a birth at QoS 0.
 */
export function publishTyped<K extends TopicKind>(
  client: PublishingClient,
  kind: K,
  params: TopicParams<K>,
  payload: PayloadOf<K>,
  jpeg?: Uint8Array,
): Promise<void> {
  const { qos, retained } = TOPICS[kind];
  const topic = topicFor(kind, params);
  const body = encodeMessage(kind, payload, jpeg);
  return new Promise((resolve, reject) => {
    client.publish(topic, body, { qos, retain: retained }, (err) => (err ? reject(err) : resolve()));
  });
}
