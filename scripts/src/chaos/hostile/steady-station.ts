import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { encodeJson, topicFor } from '@camwatch/config';
import { validHealth } from './mqtt-payloads.ts';

/**
 * A well-behaved station that keeps sending valid health samples (QoS 1, one boot, seq 1, 2, …)
 * while others attack the hub: afterwards every sample the broker acknowledged must be stored.
 */
export class SteadyStation {
  readonly bootId = randomUUID();
  /** Sequence numbers the broker acknowledged. */
  readonly acked: number[] = [];
  errors = 0;
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    readonly stationId: string,
    private readonly client: MqttClient,
  ) {}

  static async start(url: string, stationId: string, clientId: string, password: string, everyMs = 100): Promise<SteadyStation> {
    const client = await mqtt.connectAsync(url, { clientId, username: stationId, password, clean: false, reconnectPeriod: 200 });
    const station = new SteadyStation(stationId, client);
    station.timer = setInterval(() => station.send(), everyMs);
    return station;
  }

  private send(): void {
    const seq = ++this.seq;
    const body = encodeJson('health', validHealth(this.stationId, this.bootId, seq, Date.now()));
    this.client.publish(topicFor('health', { stationId: this.stationId }), body, { qos: 1 }, (err) => {
      if (err) this.errors++;
      else this.acked.push(seq);
    });
  }

  async stop(): Promise<void> {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    await this.client.endAsync();
  }
}
