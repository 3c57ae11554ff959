import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../http/api-error.ts';
import type { ApiContext } from '../http/api-context.ts';

/** One fixed window for both budgets: a lockout ends at most this long after it began. */
export const LOGIN_WINDOW_MS = 60_000;
/**
 * An address may try this many times the per-account budget, spread over accounts: an office
 * or a carrier-grade NAT puts many people behind one address, and guessing one password is
 * stopped by the per-account budget anyway. What this bounds is one address spraying accounts.
 */
export const PER_ADDRESS_FACTOR = 10;

function accountKey(request: FastifyRequest): string {
  const username = (request.body as { username?: unknown } | undefined)?.username;
  return typeof username === 'string' ? username.toLowerCase() : '';
}

/**
 * The sign-in budget shared by every login route (a preHandler: the body is validated, so the
 * username is known). Two buckets, both must have room: per client address (IPv6 per /64,
 * the plugin's default key: request.ip, which is the client a TRUST_PROXY proxy reports and
 * otherwise the peer, so a spoofed X-Forwarded-For counts for nothing) and per account, whatever the address, so guesses spread over
 * many addresses on one account are slowed too. Attempts an address is refused for do not
 * touch the account's bucket, so one flooding address cannot spend a user's budget beyond its own.
 *
 * Lockout of a real user: the windows are fixed (no `continueExceeding`, no exponential
 * backoff), so an account is refused for at most the rest of the current minute; an attacker
 * who wants to keep it refused must keep spending its own addresses' budgets every minute.
 */
export function loginLimiter(app: FastifyInstance, ctx: ApiContext): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const max = ctx.deps.config.loginRateLimit;
  const byAddress = app.createRateLimit({ max: max * PER_ADDRESS_FACTOR, timeWindow: LOGIN_WINDOW_MS });
  const byAccount = app.createRateLimit({ max, timeWindow: LOGIN_WINDOW_MS, keyGenerator: accountKey });
  return async (request, reply) => {
    for (const limit of [byAddress, byAccount]) {
      const r = await limit(request);
      if (!r.isAllowed && r.isExceeded) {
        ctx.metrics.logins.inc({ result: 'rate_limited' });
        void reply.header('retry-after', r.ttlInSeconds);
        throw new ApiError('CW_ERR_RATE_LIMITED', `too many attempts, retry in ${r.ttlInSeconds} s`);
      }
    }
  };
}
