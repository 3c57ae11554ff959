import { ClaimBody, IssuedCredential } from '@camwatch/config';
import { ApiError } from '../http/api-error.ts';
import type { RoutePlugin } from '../http/api-context.ts';
import { errorResponses } from '../http/route-helpers.ts';

/**
 * The agent's side of provisioning: it has no session, only the code the technician typed.
 * Strictly rate-limited per address; a code works once. Redeeming revokes the station's
 * earlier credentials (a replaced box must not keep working).
 */
const routes: RoutePlugin = async (app, { ctx }) => {
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
      const issued = await ctx.credentials.issueAndSync({ actor: null, ip: request.ip }, { claimCode: request.body.code });
      if (!issued) {
        request.log.info('claim code refused');
        throw new ApiError('CW_ERR_LINK_EXPIRED', 'unknown, used or expired claim code');
      }
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
