import { connect, type MqttClient } from 'mqtt';
import { decodeJson, decodeSnapshotFrame, DEFAULTS, parseTopic, type PayloadOf, type TopicKind } from '@camwatch/config';
import { waitUntil } from '@camwatch/testkit';

/** One message as a subscriber saw it, decoded and validated against the contracts. */
export interface Seen {
  kind: TopicKind;
  stationId: string | null;
  cameraId: string | null;
  retained: boolean;
  at: number;
  payload: Record<string, unknown>;
}

/** Subscribes to everything (`#`) and validates every message with config's decoders. */
export class Recorder {
  readonly seen: Seen[] = [];
  readonly invalid: string[] = [];
  private constructor(private readonly client: MqttClient) {}

  static async start(url: string, auth: { username?: string; password?: string } = {}): Promise<Recorder> {
    const client = connect(url, { clean: true, reconnectPeriod: 200, ...auth });
    const recorder = new Recorder(client);
    client.on('message', (topic, payload, packet) => recorder.record(topic, payload, packet.retain));
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => client.subscribe('#', { qos: 1 }, (err) => (err ? reject(err) : resolve())));
      client.once('error', reject);
    });
    return recorder;
  }

  private record(topic: string, payload: Buffer, retained: boolean): void {
    const parsed = parseTopic(topic);
    if (!parsed) {
      this.invalid.push(`unknown topic ${topic}`);
      return;
    }
    const decoded =
      parsed.kind === 'snapshot' ? decodeSnapshotFrame(payload, DEFAULTS.snapshotHubMaxBytes.value) : decodeJson(parsed.kind, payload);
    if (!decoded.ok) {
      this.invalid.push(`${topic}: ${decoded.reason} ${JSON.stringify(decoded.issues)}`);
      return;
    }
    const value = (parsed.kind === 'snapshot' ? (decoded.value as { meta: PayloadOf<'snapshot'> }).meta : decoded.value) as Record<
      string,
      unknown
    >;
    if (parsed.stationId !== null && value.stationId !== parsed.stationId)
      this.invalid.push(`${topic}: stationId ${String(value.stationId)} differs from the topic`);
    if (parsed.cameraId !== null && value.cameraId !== parsed.cameraId)
      this.invalid.push(`${topic}: cameraId ${String(value.cameraId)} differs from the topic`);
    this.seen.push({ kind: parsed.kind, stationId: parsed.stationId, cameraId: parsed.cameraId, retained, at: Date.now(), payload: value });
  }

  of<K extends TopicKind>(kind: K, stationId?: string): (Seen & { payload: PayloadOf<K> & Record<string, unknown> })[] {
    return this.seen.filter((s) => s.kind === kind && (stationId === undefined || s.stationId === stationId)) as (Seen & {
      payload: PayloadOf<K> & Record<string, unknown>;
    })[];
  }

  /** Data messages (those with a sequence number), optionally of one station. */
  data(stationId?: string): Seen[] {
    return this.seen.filter(
      (s) => typeof s.payload.seq === 'number' && s.kind !== 'birth' && (stationId === undefined || s.stationId === stationId),
    );
  }

  async stop(): Promise<void> {
    await this.client.endAsync(true);
  }
}

/** The shared `waitUntil` in the argument order the simulator tests call it with. */
export const waitFor = (what: string, predicate: () => boolean, timeoutMs = 8000): Promise<void> =>
  waitUntil(predicate, { what, timeoutMs });

/** `bootId/seq` keys of data messages, with how often each was seen. */
export function seqCounts(messages: readonly Seen[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) {
    const key = `${String(m.payload.bootId)}/${String(m.payload.seq)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
