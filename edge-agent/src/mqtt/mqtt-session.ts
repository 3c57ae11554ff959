import type { Socket } from 'node:net';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { encodeMessage, parseTopic, publishTyped, topicFor, type PayloadOf } from '@camwatch/config';
import type { Clock } from '../core/ports.ts';
import { reconnectDelayMs } from './backoff.ts';
import type { DailyByteCounter } from './daily-byte-counter.ts';

export interface MqttTlsOptions {
  /** PEM of the CA that signed the broker certificate (a private province CA). */
  ca?: string | Buffer;
  /** Client certificate and key, when the broker authenticates stations by certificate. */
  cert?: string | Buffer;
  key?: string | Buffer;
  rejectUnauthorized?: boolean;
}

export interface MqttConnectOptions {
  url: string;
  username?: string | null;
  password?: string | null;
  tls?: MqttTlsOptions | null;
  keepaliveS?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
}

export interface SessionHooks {
  /** Birth fields for this connect (the session adds nothing: the core knows seq and cameras). */
  birth(): PayloadOf<'birth'>;
  onConnected(): void;
  onDisconnected(): void;
  onCommand(payload: Buffer): void;
  onHubClock(payload: Buffer): void;
}

export interface SessionDeps {
  stationId: string;
  bootId: string;
  options: MqttConnectOptions & { keepaliveS: number; reconnectMinMs: number; reconnectMaxMs: number };
  clock: Clock;
  logger: Logger;
  bytes: DailyByteCounter;
  random: () => number;
  hooks: SessionHooks;
}

/** The client id is derived from the station id, which the inventory keeps unique: two stations cannot collide. */
export const clientIdFor = (stationId: string): string => `camwatch-st-${stationId}`;

/**
 * One MQTT connection per station with its own reconnect scheduling (mqtt.js only knows a fixed
 * period; we want backoff with jitter). Every connect is a fresh mqtt.js client: in-flight QoS 1
 * messages of a dead connection are not resent by mqtt.js's in-memory store but by the outbox,
 * which is the single source of truth for what was acknowledged.
 */
export class MqttSession {
  private client: MqttClient | null = null;
  private socket: Socket | null = null;
  private socketBytesSeen = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private connectionId = 0;
  private linkUp = true;
  private stopped = false;
  connected = false;
  connects = 0;

  constructor(private readonly deps: SessionDeps) {}

  start(): void {
    this.openConnection();
  }

  /** The simulator's uplink switch: down destroys the socket (no DISCONNECT, so the Last Will fires) and refuses reconnects. */
  setLinkUp(up: boolean): void {
    if (this.linkUp === up) return;
    this.linkUp = up;
    if (!up) {
      this.clearReconnect();
      this.dropConnection();
    } else if (!this.stopped && !this.client) {
      this.attempt = 0;
      this.openConnection();
    }
  }

  /** QoS 1 publish of an already encoded message; the callback fires on PUBACK or failure. */
  publish(topic: string, body: Buffer, retain: boolean, done: (err?: Error) => void): void {
    const client = this.client;
    if (!client || !this.connected) {
      done(new Error('not connected'));
      return;
    }
    client.publish(topic, body, { qos: 1, retain }, (err) => {
      this.countBytes();
      done(err ?? undefined);
    });
  }

  /** Re-sends the retained birth (cameras changed) on the live connection. */
  republishBirth(): void {
    const client = this.client;
    if (!client || !this.connected) return;
    publishTyped(client, 'birth', { stationId: this.deps.stationId }, this.deps.hooks.birth()).catch((err: Error) =>
      this.deps.logger.warn({ err: err.message }, 'birth publish failed'),
    );
  }

  /** Graceful end: retained `offline`, then DISCONNECT (which discards the Last Will). */
  async stop(timeoutMs = 3000): Promise<void> {
    this.stopped = true;
    this.clearReconnect();
    const client = this.client;
    if (!client) return;
    if (this.connected) {
      const offline = publishTyped(client, 'state', { stationId: this.deps.stationId }, this.statePayload('offline'));
      await withTimeout(offline, timeoutMs).catch((err: Error) =>
        this.deps.logger.warn({ err: err.message }, 'offline state not acknowledged'),
      );
      await withTimeout(client.endAsync(false), timeoutMs).catch((err: Error) =>
        this.deps.logger.warn({ err: err.message }, 'clean disconnect timed out'),
      );
    }
    this.dropConnection();
  }

  /** Abrupt end as if the process died: the socket goes without DISCONNECT, so the broker publishes the Last Will. */
  kill(): void {
    this.stopped = true;
    this.clearReconnect();
    this.dropConnection();
  }

  private openConnection(): void {
    if (this.stopped || !this.linkUp || this.client) return;
    const { stationId, options, logger } = this.deps;
    this.connectionId++;
    const will = {
      topic: topicFor('state', { stationId }),
      payload: encodeMessage('state', this.statePayload('offline')),
      qos: 1 as const,
      retain: true,
    };
    const opts: IClientOptions = {
      clientId: clientIdFor(stationId),
      clean: false,
      reconnectPeriod: 0,
      connectTimeout: 15_000,
      keepalive: options.keepaliveS,
      protocolVersion: 4,
      will,
      ...(options.username ? { username: options.username } : {}),
      ...(options.password ? { password: options.password } : {}),
      ...(options.tls ?? {}),
    };
    const client = connect(options.url, opts);
    this.client = client;
    client.on('connect', (connack) => this.onConnect(client, connack.sessionPresent));
    client.on('close', () => this.onClose(client));
    client.on('error', (err) => logger.warn({ err: err.message }, 'mqtt error'));
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
  }

  private onConnect(client: MqttClient, sessionPresent: boolean): void {
    if (client !== this.client) return;
    const { stationId, logger, hooks } = this.deps;
    this.connected = true;
    this.connects++;
    this.attempt = 0;
    this.socket = client.stream as Socket;
    this.socketBytesSeen = 0;
    logger.info({ connectionId: this.connectionId, sessionPresent }, 'mqtt connected');
    client.subscribe([topicFor('command', { stationId }), topicFor('hubClock', {})], { qos: 1 }, (err) => {
      if (err) logger.warn({ err: err.message }, 'subscribe failed');
    });
    // Birth and `online` go first on the wire; everything the outbox sends follows them.
    const fail = (what: string) => (err: Error) => logger.warn({ err: err.message }, `${what} publish failed`);
    publishTyped(client, 'birth', { stationId }, hooks.birth()).catch(fail('birth'));
    publishTyped(client, 'state', { stationId }, this.statePayload('online')).catch(fail('state'));
    hooks.onConnected();
  }

  private onClose(client: MqttClient): void {
    if (client !== this.client) return;
    const wasConnected = this.connected;
    this.countBytes();
    this.client = null;
    this.connected = false;
    this.socket = null;
    client.end(true);
    if (wasConnected) {
      // Our own stop() closes the connection too: that is not a loss worth a warning (a fleet stop would log one per station).
      if (!this.stopped) this.deps.logger.warn({ connectionId: this.connectionId }, 'mqtt connection lost');
      this.deps.hooks.onDisconnected();
    }
    this.scheduleReconnect();
  }

  private onMessage(topic: string, payload: Buffer): void {
    const parsed = parseTopic(topic);
    if (parsed?.kind === 'command' && parsed.stationId === this.deps.stationId) this.deps.hooks.onCommand(payload);
    else if (parsed?.kind === 'hubClock') this.deps.hooks.onHubClock(payload);
    else this.deps.logger.warn({ topic }, 'message on an unexpected topic');
  }

  private scheduleReconnect(): void {
    if (this.stopped || !this.linkUp || this.reconnectTimer) return;
    const { reconnectMinMs, reconnectMaxMs } = this.deps.options;
    const delay = reconnectDelayMs(this.attempt++, reconnectMinMs, reconnectMaxMs, this.deps.random);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.openConnection();
    }, delay);
  }

  private dropConnection(): void {
    const client = this.client;
    if (!client) return;
    // Destroying the socket makes mqtt.js emit `close`, which runs onClose (and, with the link up, reconnects).
    client.stream.destroy();
  }

  private clearReconnect(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  /** Counts socket bytes actually written (payload, topic and MQTT framing, TLS records included when on TLS). */
  private countBytes(): void {
    const socket = this.socket;
    if (!socket) return;
    const written = socket.bytesWritten;
    if (written > this.socketBytesSeen) {
      this.deps.bytes.add(written - this.socketBytesSeen, this.deps.clock.now());
      this.socketBytesSeen = written;
    }
  }

  /** Brings the byte counter up to date (for health and stats). */
  flushByteCount(): void {
    this.countBytes();
  }

  private statePayload(state: 'online' | 'offline'): PayloadOf<'state'> {
    return { stationId: this.deps.stationId, bootId: this.deps.bootId, state, ts: this.deps.clock.now(), connectionId: this.connectionId };
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_r, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
