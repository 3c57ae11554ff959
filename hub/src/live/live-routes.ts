import { Type } from '@sinclair/typebox';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf, tokenOf } from '../auth/auth-hook.ts';
import { scopeHasUnit } from '../auth/scope.ts';
import { SseStream } from './sse-stream.ts';
import { errorResponses } from '../http/route-helpers.ts';

const PING_MS = 15_000;
/** How often an open stream re-checks its session (logout, disabled user, expiry end it). */
const RECHECK_MS = 60_000;

/**
 * GET /api/live: Server-Sent Events of status changes and alerts, only for stations in the
 * user's area (checked per event against the station's unit). The dashboard refetches
 * /api/map after a reconnect, so missed events are never replayed.
 */
const routes: RoutePlugin = async (app, { ctx }) => {
  const open = new Set<SseStream>();
  // Open streams would keep the server from closing: end them first (clients reconnect to another hub).
  app.addHook('preClose', async () => {
    for (const s of open) s.end('server_closing');
  });

  app.get(
    '/',
    {
      // Frames must leave as they are written: a compressor would hold them back to fill its window.
      compress: false,
      schema: {
        tags: ['live'],
        summary: 'Live status changes and alerts in my area (text/event-stream)',
        response: { 200: Type.Unsafe<string>({ type: 'string', description: 'text/event-stream' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const token = tokenOf(request);
      reply.hijack();
      const timers: NodeJS.Timeout[] = [];
      const unsubscribe = ctx.deps.live.subscribe((event) => {
        if (event.unitId !== undefined && scopeHasUnit(p.scope, event.unitId)) stream.send(event);
      });
      const stream = new SseStream(reply.raw, () => {
        open.delete(stream);
        unsubscribe();
        for (const t of timers) clearInterval(t);
        ctx.metrics.liveConnections.dec();
      });
      open.add(stream);
      ctx.metrics.liveConnections.inc();
      stream.open();
      timers.push(setInterval(() => stream.ping(), PING_MS));
      timers.push(
        setInterval(
          () => {
            if (Date.now() >= p.sessionExpiresAt) return stream.end('session_expired');
            ctx.auth.authenticate(token ?? '').then(
              (still) => (still ? undefined : stream.end('session_ended')),
              (err: unknown) => request.log.warn({ err }, 'live stream: session re-check failed'),
            );
          },
          Math.min(RECHECK_MS, Math.max(1_000, p.sessionExpiresAt - Date.now())),
        ),
      );
    },
  );
};

export default routes;
