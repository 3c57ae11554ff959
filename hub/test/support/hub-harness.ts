import { MosquittoServer, waitUntil } from '@camwatch/testkit';
import { encodeMessage, topicFor, type PayloadOf, type TopicKind, type TopicParams } from '@camwatch/config';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Counter } from 'prom-client';
import { createHub, type Hub, type HubOptions } from '../../src/hub.ts';
import { stationClientId } from '../../src/mqtt/broker-acl.ts';
import type { DbTarget } from './databases.ts';
import { smallInventory } from './fixtures.ts';

export type BrokerKind = 'mosquitto' | 'aedes';

/** A hub on a real database with a real broker: Mosquitto (MQTT 5, shared subscriptions) or the embedded aedes. */
export class HubHarness {
  hub!: Hub;
  mosquitto: MosquittoServer | null = null;
  private dir = '';
  private clients: MqttClient[] = [];
  private secrets = new Map<string, string>();

  constructor(
    readonly broker: BrokerKind,
    private readonly target: DbTarget,
  ) {}

  async start(extra: Partial<HubOptions> = {}): Promise<this> {
    this.dir = await mkdtemp(join(tmpdir(), 'camwatch-hub-'));
    if (this.broker === 'mosquitto') this.mosquitto = await new MosquittoServer().start();
    const db = await this.target.open();
    this.hub = await this.startHub({ db, ...extra });
    await this.hub.importInventory(smallInventory());
    if (this.broker === 'aedes') {
      for (const s of smallInventory().stations) this.secrets.set(s.id, (await this.hub.credentials.createStationCredential(s.id)).secret);
    }
    return this;
  }

  /** Another hub process on the same database and broker (e.g. after a crash). */
  startHub(opts: Partial<HubOptions>): Promise<Hub> {
    return createHub({
      dataDir: this.dir,
      httpPort: 0,
      mqttPort: 0,
      logger: pino({ level: process.env.TEST_LOG ?? 'silent' }),
      clockBeaconMs: null,
      batch: { maxRows: 500, maxDelayMs: 20 },
      hubId: 'test',
      ...(this.mosquitto ? { mqttUrl: this.mosquitto.url } : {}),
      ...opts,
    });
  }

  get url(): string {
    return this.mosquitto?.url ?? this.hub.mqttUrl;
  }

  secretOf(stationId: string): string | undefined {
    return this.secrets.get(stationId);
  }

  /** A station's MQTT client, logged in as the station (credentials on aedes, anonymous on Mosquitto). */
  async station(stationId: string, opts: Partial<IClientOptions> = {}): Promise<MqttClient> {
    const client = await mqtt.connectAsync(this.url, {
      clientId: stationClientId(stationId),
      username: stationId,
      password: this.secrets.get(stationId),
      reconnectPeriod: 0,
      ...opts,
    });
    this.clients.push(client);
    return client;
  }

  track(client: MqttClient): MqttClient {
    this.clients.push(client);
    return client;
  }

  async stop(): Promise<void> {
    for (const c of this.clients.splice(0)) await c.endAsync(true);
    await this.hub?.stop();
    await this.mosquitto?.destroy();
    await this.target.stop();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}

export function publish<K extends TopicKind>(
  client: MqttClient,
  kind: K,
  params: TopicParams<K>,
  payload: PayloadOf<K>,
  opts: { jpeg?: Uint8Array; retain?: boolean } = {},
): Promise<unknown> {
  return client.publishAsync(topicFor(kind, params), encodeMessage(kind, payload, opts.jpeg), { qos: 1, retain: opts.retain ?? false });
}

export async function counter(c: Counter<string>, labels: Record<string, string> = {}): Promise<number> {
  const { values } = await c.get();
  return values.filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val)).reduce((a, v) => a + v.value, 0);
}

/** The shared `waitUntil` in the argument order the hub tests call it with. */
export const until = (fn: () => Promise<boolean> | boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> =>
  waitUntil(fn, { timeoutMs, what, everyMs: 25 });
