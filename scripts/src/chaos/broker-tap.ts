import mqtt, { type MqttClient } from 'mqtt';
import { TOPIC_PREFIX, decodeSnapshotFrame, parseTopic, DEFAULTS } from '@camwatch/config';

/**
 * A second, independent subscriber on the broker (its own persistent session, plain
 * subscription): when a message is missing from the database, the tap tells whether the broker
 * delivered it at all, i.e. whether it was lost before the hub or inside it.
 */
export class BrokerTap {
  private readonly seen = new Set<string>();

  private constructor(private readonly client: MqttClient) {}

  static async start(url: string, username: string, password: string): Promise<BrokerTap> {
    const client = mqtt.connect(url, {
      clientId: 'camwatch-chaos-tap',
      username,
      password,
      clean: false,
      protocolVersion: 5,
      properties: { sessionExpiryInterval: 3600 },
      reconnectPeriod: 500,
    });
    const tap = new BrokerTap(client);
    client.on('message', (topic, payload) => tap.record(topic, payload));
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => client.subscribe(`${TOPIC_PREFIX}/st/#`, { qos: 1 }, (err) => (err ? reject(err) : resolve())));
      client.once('error', reject);
    });
    return tap;
  }

  has(stationId: string, bootId: string, seq: number): boolean {
    return this.seen.has(`${stationId}|${bootId}|${seq}`);
  }

  get size(): number {
    return this.seen.size;
  }

  private record(topic: string, payload: Buffer): void {
    const parsed = parseTopic(topic);
    if (!parsed || parsed.kind === 'state' || parsed.kind === 'birth') return;
    let body: { stationId?: unknown; bootId?: unknown; seq?: unknown };
    if (parsed.kind === 'snapshot') {
      const frame = decodeSnapshotFrame(payload, DEFAULTS.snapshotHubMaxBytes.value);
      if (!frame.ok) return;
      body = frame.value.meta;
    } else {
      try {
        body = JSON.parse(payload.toString('utf8')) as typeof body;
      } catch {
        // Not ours to judge: the hub counts malformed messages; the tap only looks for identities.
        return;
      }
    }
    if (typeof body.bootId === 'string' && typeof body.seq === 'number') this.seen.add(`${parsed.stationId}|${body.bootId}|${body.seq}`);
  }

  async stop(): Promise<void> {
    await this.client.endAsync(true);
  }
}
