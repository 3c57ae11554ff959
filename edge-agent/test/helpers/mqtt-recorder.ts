import { connect, type MqttClient } from 'mqtt';
import { DATA_KINDS, parseTopic } from '@camwatch/config';
import { waitUntil as pollUntil } from '@camwatch/testkit';

export interface Received {
  kind: string;
  topic: string;
  retained: boolean;
  body: Buffer;
  /** Parsed JSON for JSON kinds; the metadata for snapshot frames. */
  json: Record<string, unknown>;
}

/** A hub-side subscriber (persistent session, QoS 1) that keeps everything it receives. */
export class MqttRecorder {
  readonly messages: Received[] = [];
  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, body, packet) => {
      const parsed = parseTopic(topic);
      const kind = parsed?.kind ?? 'unknown';
      try {
        const text = kind === 'snapshot' ? body.subarray(8, 8 + body.readUInt32BE(4)).toString() : body.toString();
        this.messages.push({ kind, topic, retained: packet.retain, body, json: JSON.parse(text) as Record<string, unknown> });
      } catch (err) {
        // Tests publish malformed commands on purpose; they are recorded, not parsed.
        this.messages.push({ kind: 'unparsed', topic, retained: packet.retain, body, json: { error: (err as Error).message } });
      }
    });
  }

  static async open(url: string, filter: string, clientId: string): Promise<MqttRecorder> {
    const client = connect(url, { clientId, clean: false, reconnectPeriod: 200, protocolVersion: 4 });
    const recorder = new MqttRecorder(client);
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    await client.subscribeAsync(filter, { qos: 1 });
    return recorder;
  }

  of(kind: string): Received[] {
    return this.messages.filter((m) => m.kind === kind);
  }

  /** Data messages of one boot, in arrival order. */
  data(bootId?: string): Received[] {
    return this.messages.filter((m) => (DATA_KINDS as readonly string[]).includes(m.kind) && (!bootId || m.json.bootId === bootId));
  }

  close(): Promise<void> {
    return this.client.endAsync(true);
  }
}

/** The shared `waitUntil` in the argument order the edge-agent tests call it with. */
export const waitUntil = (what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> =>
  pollUntil(cond, { what, timeoutMs });

/** Seqs seen once or more, duplicates, and whether first arrivals are in increasing order. */
export function sequenceReport(messages: Received[]): { seqs: number[]; duplicates: number; inOrder: boolean } {
  const seen = new Set<number>();
  const firsts: number[] = [];
  let duplicates = 0;
  for (const m of messages) {
    const seq = m.json.seq as number;
    if (seen.has(seq)) duplicates++;
    else {
      seen.add(seq);
      firsts.push(seq);
    }
  }
  return { seqs: [...seen].sort((a, b) => a - b), duplicates, inOrder: firsts.every((s, i) => i === 0 || s > firsts[i - 1]!) };
}
