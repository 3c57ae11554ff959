import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Server as HttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import { readTlsFiles, type TlsFiles } from '../tls-files.ts';

/**
 * One year, no includeSubDomains: the hub often lives on a name under a province's domain whose
 * other sites this deployment does not control, and HSTS must not switch those to HTTPS-only.
 */
export const HSTS_VALUE = 'max-age=31536000';

/**
 * Whether the browser reached us over HTTPS: the hub's own TLS (whatever a proxy claims), or a
 * trusted proxy's X-Forwarded-Proto (fastify's request.protocol believes it only from TRUST_PROXY).
 */
export function reachedOverHttps(request: FastifyRequest): boolean {
  return (request.raw.socket as TLSSocket | null)?.encrypted === true || request.protocol === 'https';
}

/**
 * HSTS on every answer that reached the hub over HTTPS. Browsers ignore HSTS over plain HTTP,
 * and sending it there would only mislead a reader of the headers.
 */
export function strictTransportSecurity(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    if (reachedOverHttps(request)) void reply.header('strict-transport-security', HSTS_VALUE);
  });
}

/**
 * SIGHUP re-reads the certificate and key (a renewed certificate, e.g. certbot's deploy hook)
 * without dropping a connection; a bad pair is logged and the running one kept.
 */
export function reloadTlsOnSighup(app: FastifyInstance, files: TlsFiles, log: Logger): void {
  const reload = () => {
    try {
      const { cert, key, validTo, subject } = readTlsFiles(files);
      (app.server as unknown as HttpsServer).setSecureContext({ cert, key });
      log.info({ subject, validTo }, 'TLS certificate reloaded');
    } catch (err) {
      log.error({ err }, 'TLS certificate not reloaded; the running one is kept');
    }
  };
  process.on('SIGHUP', reload);
  app.addHook('onClose', async () => {
    process.off('SIGHUP', reload);
  });
}
