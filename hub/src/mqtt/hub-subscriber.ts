import { TOPICS, filterFor, sharedFilter, type TopicKind } from '@camwatch/config';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { installDeferredAcks, type PublishPacket, type Receipt } from './deferred-acks.ts';

export interface SubscriberOptions {
  url: string;
  username?: string;
  password?: string;
  /** Stable per hub process: the broker keeps this session (and its unacknowledged messages) across restarts. */
  clientId: string;
  /** 5 with shared subscriptions (Mosquitto, EMQX); 4 for aedes, which speaks MQTT 3.1.1 only. */
  protocolVersion: 4 | 5;
  /** Shared-subscription group; null subscribes plainly (one hub gets everything). */
  shareGroup: string | null;
  log: Logger;
  onMessage(packet: PublishPacket): Receipt;
  onDroppedAck(): void;
  /** Told true once subscribed after each (re)connect, false when the connection drops. */
  onListening?(listening: boolean): void;
}

/** Kinds every hub must see (retained liveness), and kinds the hubs of a group split between them. */
export const BROADCAST_KINDS: readonly TopicKind[] = ['state', 'birth', 'hubEcho'];
export const SHARED_KINDS: readonly TopicKind[] = ['health', 'cameraStatus', 'snapshot', 'event', 'commandReply'];

export function subscriptionFilters(shareGroup: string | null): string[] {
  const shared = SHARED_KINDS.map((k) => (shareGroup ? sharedFilter(shareGroup, filterFor(k)) : filterFor(k)));
  return [...BROADCAST_KINDS.map(filterFor), ...shared];
}

/** The hub's MQTT session: QoS 1 subscriptions, acknowledged only after commit (see deferred-acks.ts). */
export class HubSubscriber {
  private client: MqttClient | null = null;
  private acks: { pending(): number } | null = null;

  constructor(private readonly opts: SubscriberOptions) {}

  get pendingAcks(): number {
    return this.acks?.pending() ?? 0;
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** Resolves on the first successful subscription; reconnects by itself afterwards. */
  start(): Promise<void> {
    const { opts } = this;
    const log = opts.log.child({ component: 'mqtt-subscriber', clientId: opts.clientId });
    const client = mqtt.connect(opts.url, {
      clientId: opts.clientId,
      username: opts.username,
      password: opts.password,
      protocolVersion: opts.protocolVersion,
      clean: false,
      keepalive: 30,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      // A large receive window: acks wait for the batch commit, so the broker must keep sending meanwhile.
      properties: opts.protocolVersion === 5 ? { sessionExpiryInterval: 3600, receiveMaximum: 65_535 } : undefined,
    });
    this.client = client;
    this.acks = installDeferredAcks(client, opts.onMessage, opts.onDroppedAck, (err) => log.error({ err }, 'message handling failed'));
    const filters = subscriptionFilters(opts.shareGroup);
    return new Promise((resolve, reject) => {
      let first = true;
      client.on('connect', (connack) => {
        log.info({ sessionPresent: connack.sessionPresent }, 'connected to broker');
        client.subscribe(filters.map((f) => ({ topic: f, qos: 1 as const })).reduce((acc, s) => ({ ...acc, [s.topic]: { qos: s.qos } }), {}), (err, granted) => {
          const refused = granted?.filter((g) => g.qos === 128) ?? [];
          if (err || refused.length) {
            const e = err ?? new Error(`subscriptions refused: ${refused.map((g) => g.topic).join(', ')}`);
            log.error({ err: e }, 'subscribe failed');
            if (first) reject(e);
            return;
          }
          log.info({ filters, qos: TOPICS.health.qos }, 'subscribed');
          opts.onListening?.(true);
          if (first) resolve();
          first = false;
        });
      });
      client.on('error', (err) => {
        log.error({ err: err.message }, 'broker connection error');
        if (first && /Not authorized|Bad username/i.test(err.message)) {
          first = false;
          reject(err);
        }
      });
      client.on('offline', () => log.warn('broker offline, reconnecting'));
      client.on('close', () => opts.onListening?.(false));
    });
  }

  publish(topic: string, payload: Buffer, qos: 0 | 1, retain = false): Promise<void> {
    const client = this.client;
    if (!client) return Promise.reject(new Error('subscriber not started'));
    return new Promise((resolve, reject) => client.publish(topic, payload, { qos, retain }, (err) => (err ? reject(err) : resolve())));
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.endAsync();
  }
}
