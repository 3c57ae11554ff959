import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { createServer, type Server } from 'node:net';
import type { Logger } from 'pino';
import type { CredentialService } from '../credentials/credential-service.ts';
import type { HubMetrics } from '../metrics.ts';
import { isStationClientId, mayPublish, maySubscribe, stationClientId, type BrokerPrincipal } from './broker-acl.ts';

export interface EmbeddedBrokerOptions {
  port: number;
  host?: string;
  credentials: CredentialService;
  log: Logger;
  metrics?: HubMetrics;
}

export interface EmbeddedBroker {
  readonly port: number;
  readonly url: string;
  /** Drops a station's live connection (e.g. after its credentials were revoked). */
  disconnectStation(stationId: string): boolean;
  close(): Promise<void>;
}

// aedes' connack return codes (AuthErrorCode is a const enum in its typings).
const BAD_USERNAME_OR_PASSWORD = 4;
const IDENTIFIER_REJECTED = 2;
const NOT_AUTHORIZED = 5;

/**
 * aedes refuses some PUBLISH topics itself, before authorizePublish, by dropping the connection
 * with one of these errors; they are counted with the ACL refusals so no refused publish goes uncounted.
 */
const PROTOCOL_TOPIC_ERRORS: readonly [RegExp, string][] = [
  [/^[#+] is not allowed in PUBLISH$/, 'topic_wildcard'],
  [/^empty topic not allowed in PUBLISH$|^topic has too many levels$/, 'topic_invalid'],
];

function protocolTopicReason(err: Error): string | null {
  return PROTOCOL_TOPIC_ERRORS.find(([re]) => re.test(err.message))?.[1] ?? null;
}

function authError(message: string, returnCode: number): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

/**
 * The broker `pnpm start` and development use: aedes (MQTT 3.1.1, no shared subscriptions) on
 * a local port, with the production rules: stations log in as themselves with client id
 * `camwatch-st-<id>`, publish only their own station-to-hub topics and subscribe only to their
 * commands and the hub clock; hub users are checked against hub_credentials.
 */
export async function startEmbeddedBroker(opts: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const principals = new WeakMap<Client, BrokerPrincipal>();
  const log = opts.log.child({ component: 'embedded-broker' });
  const refuse = (reason: string) => opts.metrics?.brokerAuthFailures.inc({ reason });

  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const secret = password?.toString('utf8') ?? '';
      if (!username || !secret) {
        refuse('missing_credentials');
        return done(authError('username and password required', BAD_USERNAME_OR_PASSWORD), false);
      }
      const asStation = isStationClientId(client.id);
      if (asStation && client.id !== stationClientId(username)) {
        refuse('client_id');
        log.warn({ stationId: username, clientId: client.id }, 'station client id does not match its username');
        return done(authError('client id must be camwatch-st-<stationId>', IDENTIFIER_REJECTED), false);
      }
      const check = asStation ? opts.credentials.verifyStation(username, secret) : opts.credentials.verifyHub(username, secret);
      check.then(
        (ok) => {
          if (!ok) {
            refuse('bad_credentials');
            log.warn({ username, clientId: client.id }, 'login refused');
            return done(authError('bad username or password', BAD_USERNAME_OR_PASSWORD), false);
          }
          principals.set(client, asStation ? { role: 'station', stationId: username } : { role: 'hub', username });
          done(null, true);
        },
        (err: Error) => {
          refuse('error');
          log.error({ err, username }, 'credential check failed');
          done(authError('credential check failed', NOT_AUTHORIZED), false);
        },
      );
    },
    authorizePublish(client, packet, done) {
      // client null: the broker's own messages (e.g. $SYS heartbeat).
      if (!client) return done(null);
      const p = principals.get(client);
      if (p && mayPublish(p, packet.topic)) return done(null);
      refuse('publish_denied');
      opts.metrics?.rejected.inc({ reason: 'topic_not_allowed' });
      log.warn({ clientId: client.id, topic: packet.topic }, 'publish denied');
      done(new Error(`not allowed to publish on ${packet.topic}`));
    },
    authorizeSubscribe(client, sub, done) {
      const p = principals.get(client);
      if (p && maySubscribe(p, sub.topic)) return done(null, sub);
      refuse('subscribe_denied');
      log.warn({ clientId: client.id, topic: sub.topic }, 'subscribe denied');
      // null subscription: SUBACK with failure code, the connection stays.
      done(null, null);
    },
  });
  broker.on('clientError', (client, err) => {
    const reason = protocolTopicReason(err);
    if (!reason) return log.debug({ clientId: client.id, err: err.message }, 'client error');
    opts.metrics?.rejected.inc({ reason });
    log.warn({ clientId: client.id, reason }, 'publish refused: topic not allowed by the protocol');
  });

  const server: Server = createServer(broker.handle);
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  log.info({ port, host }, 'embedded MQTT broker listening');

  return {
    port,
    url: `mqtt://${host}:${port}`,
    disconnectStation(stationId) {
      // aedes keeps connected clients in `broker.clients` by client id (aedes.js) but its types omit it.
      const client = (broker as unknown as { clients: Record<string, Client | undefined> }).clients[stationClientId(stationId)];
      if (!client) return false;
      client.close();
      return true;
    },
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
