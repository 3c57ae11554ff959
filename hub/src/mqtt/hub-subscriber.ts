import { DATA_KINDS, RETAINED_STATION_KINDS, TOPICS, filterFor, sharedFilter, type TopicKind } from '@camwatch/config';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { installDeferredAcks, type MessageHandler } from './deferred-acks.ts';

/** Per-message options of a publish. */
export interface PublishOptions {
  /**
   * MQTT 5 message expiry, in seconds: the broker discards the message if it is still queued for a
   * subscriber (an offline station's session) when this has passed. Ignored over MQTT 3.1.1, which
   * has no such property (aedes): there the receiver checks the payload's own expiry.
   */
  messageExpiryS?: number;
}

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
  /** Settles each message's ticket once it is committed or dropped (see deferred-acks.ts). */
  onMessage: MessageHandler;
  onDroppedAck(): void;
  /** Told true once subscribed after each (re)connect, false when the connection drops. */
  onListening?(listening: boolean): void;
  /** Reconnect delay: starts at `initialMs`, doubles after each failed attempt up to `maxMs` (default 500 ms → 5 s). */
  backoff?: { initialMs: number; maxMs: number };
}

const DEFAULT_BACKOFF = { initialMs: 500, maxMs: 5_000 };
/** Refusals that no retry will fix: the hub's own account is wrong, so start-up fails fast. */
const PERMANENT_CONNECT_ERROR = /Not authori[sz]ed|Bad user ?name/i;

/** Kinds every hub must see (retained liveness), and kinds the hubs of a group split between them. */
export const BROADCAST_KINDS: readonly TopicKind[] = [...RETAINED_STATION_KINDS, 'hubEcho'];
export const SHARED_KINDS: readonly TopicKind[] = DATA_KINDS;

export function subscriptionFilters(shareGroup: string | null): string[] {
  const shared = SHARED_KINDS.map((k) => (shareGroup ? sharedFilter(shareGroup, filterFor(k)) : filterFor(k)));
  return [...BROADCAST_KINDS.map(filterFor), ...shared];
}

/** The hub's MQTT session: QoS 1 subscriptions, acknowledged only after commit (see deferred-acks.ts). */
export class HubSubscriber {
  private client: MqttClient | null = null;
  private acks: { pending(): number } | null = null;
  private listening = false;

  constructor(private readonly opts: SubscriberOptions) {}

  get pendingAcks(): number {
    return this.acks?.pending() ?? 0;
  }

  /** Connected and subscribed: what readiness reports (connected alone receives nothing yet). */
  get connected(): boolean {
    return this.listening && (this.client?.connected ?? false);
  }

  /**
   * Resolves on the first granted subscription, however long the broker takes to appear: connection
   * failures and a connection lost while subscribing are retried with backoff (the hub's HTTP side
   * reports not ready meanwhile). Rejects only for what no retry fixes: the broker refusing the
   * hub's account or its subscriptions. Reconnects by itself afterwards.
   */
  start(): Promise<void> {
    const { opts } = this;
    const backoff = opts.backoff ?? DEFAULT_BACKOFF;
    const log = opts.log.child({ component: 'mqtt-subscriber', clientId: opts.clientId });
    const client = mqtt.connect(opts.url, {
      clientId: opts.clientId,
      username: opts.username,
      password: opts.password,
      protocolVersion: opts.protocolVersion,
      clean: false,
      keepalive: 30,
      reconnectPeriod: backoff.initialMs,
      connectTimeout: 10_000,
      // A large receive window: acks wait for the batch commit, so the broker must keep sending meanwhile.
      properties: opts.protocolVersion === 5 ? { sessionExpiryInterval: 3600, receiveMaximum: 65_535 } : undefined,
    });
    this.client = client;
    this.acks = installDeferredAcks(client, opts.onMessage, opts.onDroppedAck, (err) => log.error({ err }, 'message handling failed'));
    const filters = subscriptionFilters(opts.shareGroup);
    const request = Object.fromEntries(filters.map((f) => [f, { qos: 1 as const }]));
    const setListening = (on: boolean) => {
      if (on === this.listening) return;
      this.listening = on;
      opts.onListening?.(on);
    };
    return new Promise((resolve, reject) => {
      let first = true;
      const fail = (err: Error) => {
        if (!first) return;
        first = false;
        reject(err);
      };
      const subscribe = () =>
        client.subscribe(request, (err, granted) => {
          const refused = granted?.filter((g) => g.qos === 128) ?? [];
          if (refused.length) {
            const e = new Error(`subscriptions refused: ${refused.map((g) => g.topic).join(', ')}`);
            log.error({ err: e }, 'subscribe refused');
            return fail(e);
          }
          if (err) {
            // Usually the connection dropped mid-subscribe: the next connect subscribes again.
            log.warn({ err: err.message }, 'subscribe interrupted, retrying');
            if (client.connected) setTimeout(subscribe, backoff.initialMs).unref();
            return;
          }
          client.options.reconnectPeriod = backoff.initialMs;
          log.info({ filters, qos: TOPICS.health.qos }, 'subscribed');
          setListening(true);
          if (first) {
            first = false;
            resolve();
          }
        });
      client.on('connect', (connack) => {
        log.info({ sessionPresent: connack.sessionPresent }, 'connected to broker');
        subscribe();
      });
      client.on('close', () => {
        setListening(false);
        // mqtt.js schedules each attempt with reconnectPeriod: every failure doubles the next wait.
        client.options.reconnectPeriod = Math.min(backoff.maxMs, (client.options.reconnectPeriod ?? backoff.initialMs) * 2);
      });
      client.on('error', (err) => {
        if (first && PERMANENT_CONNECT_ERROR.test(err.message)) {
          log.error({ err: err.message }, 'broker refused the hub');
          return fail(err);
        }
        log.warn({ err: err.message, retryInMs: client.options.reconnectPeriod }, 'broker connection error');
      });
      client.on('offline', () => log.warn('broker offline, reconnecting'));
    });
  }

  publish(topic: string, payload: Buffer, qos: 0 | 1, retain = false, opts: PublishOptions = {}): Promise<void> {
    const client = this.client;
    if (!client) return Promise.reject(new Error('subscriber not started'));
    const expiry = opts.messageExpiryS;
    const properties =
      this.opts.protocolVersion === 5 && expiry !== undefined
        ? { properties: { messageExpiryInterval: Math.max(1, Math.ceil(expiry)) } }
        : {};
    return new Promise((resolve, reject) =>
      client.publish(topic, payload, { qos, retain, ...properties }, (err) => (err ? reject(err) : resolve())),
    );
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.endAsync();
  }
}
