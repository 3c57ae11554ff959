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
  /**
   * `auto` (default) speaks MQTT 5 and falls back to 3.1.1 for the life of the session when the
   * broker refuses the protocol version (the embedded aedes broker answers CONNACK code 1).
   */
  protocol?: MqttProtocol;
  /** MQTT 5: how long the broker waits before publishing the Last Will; a reconnect within it cancels the will. */
  willDelayS?: number;
  /** MQTT 5: how long the broker keeps the session (subscriptions, queued commands) after the link goes. */
  sessionExpiryS?: number;
}

export type MqttProtocol = 'auto' | 5 | 4;

/**
 * On mqtts:// the socket mqtt.js hands us is the TLS socket, whose counters see plaintext only: TLS
 * costs are estimated, not counted. A record (≤ 16 KiB) adds at most 29 bytes (TLS 1.2 AES-GCM:
 * header 5, explicit nonce 8, tag 16; TLS 1.3 adds 22); each counted write is taken as its own record.
 */
const TLS_RECORD_OVERHEAD = 29;
const TLS_RECORD_MAX = 16_384;
/** The client's side of a handshake (ClientHello with key share, Finished); a client certificate adds its own length. */
const TLS_HANDSHAKE_BYTES = 600;

/** CONNACK codes meaning "I do not speak this protocol version": 3.1.1's 1, MQTT 5's 0x84. */
const UNSUPPORTED_PROTOCOL_CODES: ReadonlySet<number> = new Set([1, 0x84]);

export interface SessionHooks {
  /** Birth fields for this connect (the session adds nothing: the core knows seq and cameras). */
  birth(): PayloadOf<'birth'>;
  onConnected(): void;
  onDisconnected(): void;
  onCommand(payload: Buffer): void;
  onHubClock(payload: Buffer): void;
  /** Collector mode: the hub's retained list of recorders to check (subscribed only when this hook is given). */
  onCollectorTargets?(payload: Buffer): void;
}

export interface SessionDeps {
  stationId: string;
  bootId: string;
  options: MqttConnectOptions & {
    keepaliveS: number;
    reconnectMinMs: number;
    reconnectMaxMs: number;
    protocol: MqttProtocol;
    willDelayS: number;
    sessionExpiryS: number;
  };
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
  /** Set when the broker refused MQTT 5: the close that follows reconnects at once in 3.1.1. */
  private fallback = false;
  /** The protocol spoken on the next connect: 5 unless configured 4 or the broker refused 5. */
  private version: 4 | 5;
  connected = false;
  connects = 0;

  constructor(private readonly deps: SessionDeps) {
    this.version = deps.options.protocol === 4 ? 4 : 5;
  }

  /** The MQTT protocol level of the current (or next) connection: 5, or 4 for 3.1.1. */
  get protocolVersion(): 4 | 5 {
    return this.version;
  }

  /** The will delay the broker applies to this connection: none on MQTT 3.1.1 (the hub holds the will this long, see birth). */
  get willDelayS(): number {
    return this.version === 5 ? this.deps.options.willDelayS : 0;
  }

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
    const { stationId, options } = this.deps;
    this.connectionId++;
    const v5 = this.version === 5;
    const will = {
      topic: topicFor('state', { stationId }),
      payload: encodeMessage('state', this.statePayload('offline')),
      qos: 1 as const,
      retain: true,
      // A link blip or a broker restart shorter than the delay publishes no `offline`: the reconnect cancels the will.
      ...(v5 ? { properties: { willDelayInterval: options.willDelayS } } : {}),
    };
    const opts: IClientOptions = {
      clientId: clientIdFor(stationId),
      clean: false,
      reconnectPeriod: 0,
      connectTimeout: 15_000,
      keepalive: options.keepaliveS,
      protocolVersion: this.version,
      // MQTT 5 ends a session at disconnect unless told otherwise: keep it (and commands queued for us) across blips.
      ...(v5 ? { properties: { sessionExpiryInterval: options.sessionExpiryS } } : {}),
      will,
      ...(options.username ? { username: options.username } : {}),
      ...(options.password ? { password: options.password } : {}),
      ...(options.tls ?? {}),
    };
    const client = connect(options.url, opts);
    this.client = client;
    client.on('connect', (connack) => this.onConnect(client, connack.sessionPresent));
    client.on('close', () => this.onClose(client));
    client.on('error', (err) => this.onError(client, err));
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
  }

  private onConnect(client: MqttClient, sessionPresent: boolean): void {
    if (client !== this.client) return;
    const { stationId, logger, hooks, options } = this.deps;
    this.connected = true;
    this.connects++;
    this.attempt = 0;
    this.socket = client.stream as Socket;
    this.socketBytesSeen = 0;
    if (this.onTls()) {
      const cert = options.tls?.cert;
      this.deps.bytes.add(TLS_HANDSHAKE_BYTES + (cert ? Buffer.byteLength(cert) : 0), this.deps.clock.now());
    }
    logger.info({ connectionId: this.connectionId, sessionPresent, protocolVersion: this.version }, 'mqtt connected');
    const topics = [topicFor('command', { stationId }), topicFor('hubClock', {})];
    if (hooks.onCollectorTargets) topics.push(topicFor('collectorTargets', { stationId }));
    client.subscribe(topics, { qos: 1 }, (err) => {
      if (err) logger.warn({ err: err.message }, 'subscribe failed');
    });
    // Birth and `online` go first on the wire; everything the outbox sends follows them.
    const fail = (what: string) => (err: Error) => logger.warn({ err: err.message }, `${what} publish failed`);
    publishTyped(client, 'birth', { stationId }, hooks.birth()).catch(fail('birth'));
    publishTyped(client, 'state', { stationId }, this.statePayload('online')).catch(fail('state'));
    hooks.onConnected();
  }

  private onError(client: MqttClient, err: Error): void {
    const code = (err as Error & { code?: unknown }).code;
    if (
      client === this.client &&
      this.version === 5 &&
      this.deps.options.protocol === 'auto' &&
      typeof code === 'number' &&
      UNSUPPORTED_PROTOCOL_CODES.has(code)
    ) {
      this.version = 4;
      this.fallback = true;
      this.deps.logger.info({ code }, 'broker refused MQTT 5; speaking MQTT 3.1.1 (no will delay, no session expiry)');
      return;
    }
    this.deps.logger.warn({ err: err.message }, 'mqtt error');
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
    if (this.fallback) {
      // Not a failure of the link: try again at once in 3.1.1, without spending a backoff step.
      this.fallback = false;
      this.openConnection();
      return;
    }
    this.scheduleReconnect();
  }

  private onMessage(topic: string, payload: Buffer): void {
    const parsed = parseTopic(topic);
    if (parsed?.kind === 'command' && parsed.stationId === this.deps.stationId) this.deps.hooks.onCommand(payload);
    else if (parsed?.kind === 'hubClock') this.deps.hooks.onHubClock(payload);
    else if (parsed?.kind === 'collectorTargets' && parsed.stationId === this.deps.stationId && this.deps.hooks.onCollectorTargets)
      this.deps.hooks.onCollectorTargets(payload);
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

  private onTls(): boolean {
    return (this.socket as (Socket & { encrypted?: boolean }) | null)?.encrypted === true;
  }

  /** Counts socket bytes written (payload, topic and MQTT framing), plus the estimated TLS record overhead on mqtts://. */
  private countBytes(): void {
    const socket = this.socket;
    if (!socket) return;
    const written = socket.bytesWritten;
    if (written > this.socketBytesSeen) {
      const delta = written - this.socketBytesSeen;
      const tls = this.onTls() ? Math.ceil(delta / TLS_RECORD_MAX) * TLS_RECORD_OVERHEAD : 0;
      this.deps.bytes.add(delta + tls, this.deps.clock.now());
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
