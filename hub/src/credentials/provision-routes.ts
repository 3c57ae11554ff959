import { ClaimBody, IssuedCredential } from '@camwatch/config';
import { ApiError } from '../http/api-error.ts';
import type { RoutePlugin } from '../http/api-context.ts';
import { ClaimCodeRepository } from './claim-code-repository.ts';
import { StationCredentialRepository } from './station-credential-repository.ts';
import { errorResponses } from '../http/route-helpers.ts';

/**
 * The agent's side of provisioning: it has no session, only the code the technician typed.
 * Strictly rate-limited per address; a code works once. Redeeming revokes the station's
 * earlier credentials (a replaced box must not keep working).
 */
const routes: RoutePlugin = async (app, { ctx }) => {
  const claims = new ClaimCodeRepository(ctx.deps.db);
  const creds = new StationCredentialRepository(ctx.deps.db);

  app.post(
    '/claim',
    {
      config: { public: true, rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        tags: ['credentials'],
        summary: "Exchange a one-time claim code for the station's broker credentials",
        body: ClaimBody,
        response: { 200: IssuedCredential, ...errorResponses },
      },
    },
    async (request) => {
      const issued = await ctx.deps.db.transaction(async (tx) => {
        const stationId = await claims.redeem(request.body.code, request.ip, tx);
        if (!stationId) return null;
        return { stationId, ...(await creds.issue(stationId, true, tx)) };
      });
      if (!issued) {
        request.log.info('claim code refused');
        throw new ApiError('CW_ERR_LINK_EXPIRED', 'unknown, used or expired claim code');
      }
      await ctx.audit.record({
        actor: null,
        action: 'claim.redeem',
        targetKind: 'station',
        targetId: issued.stationId,
        detail: { credentialId: issued.id, revokedPrevious: issued.revoked },
        ip: request.ip,
      });
      await ctx.deps.brokerSync?.changed(issued.stationId, issued.revoked > 0);
      request.log.info({ stationId: issued.stationId }, 'station provisioned with a claim code');
      return {
        credentialId: issued.id,
        stationId: issued.stationId,
        mqttUrl: ctx.deps.config.stationMqttUrl,
        username: issued.stationId,
        password: issued.secret,
      };
    },
  );
};

export default routes;
