import {
  ClaimCodeIssued,
  CredentialParams,
  IssueCredentialBody,
  IssuedCredential,
  OkBody,
  StationCredentialList,
  StationIdParams,
} from '@camwatch/config';
import { ApiError } from '../http/api-error.ts';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { ClaimCodeRepository } from './claim-code-repository.ts';
import { StationCredentialRepository } from './station-credential-repository.ts';
import { errorResponses } from '../http/route-helpers.ts';

const tags = ['credentials'];
const config = { permission: 'credentials.write' as const };

/** /api/stations/:id/credentials and /claim-codes: broker credentials of one station in my area. */
const routes: RoutePlugin = async (app, { ctx }) => {
  const creds = new StationCredentialRepository(ctx.deps.db);
  const claims = new ClaimCodeRepository(ctx.deps.db);

  async function station(request: Parameters<typeof principalOf>[0], id: string) {
    const s = await ctx.fleet.station(principalOf(request).scope, id);
    if (!s) throw ApiError.notFound(`station ${id}`);
    return s;
  }

  app.get(
    '/:id/credentials',
    {
      config,
      schema: {
        tags,
        summary: "List the station's broker credentials (never the secrets)",
        params: StationIdParams,
        response: { 200: StationCredentialList, ...errorResponses },
      },
    },
    async (request) => {
      const s = await station(request, request.params.id);
      return { stationId: s.id, items: await creds.list(s.id) };
    },
  );

  app.post(
    '/:id/credentials',
    {
      config,
      schema: {
        tags,
        summary: "Issue (or rotate) the station's broker credential; the password is shown once",
        params: StationIdParams,
        body: IssueCredentialBody,
        response: { 200: IssuedCredential, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const s = await station(request, request.params.id);
      const issued = await creds.issue(s.id, request.body.revokePrevious);
      await ctx.audit.record({
        actor: p,
        action: 'credentials.create',
        targetKind: 'station',
        targetId: s.id,
        detail: { credentialId: issued.id, revokedPrevious: issued.revoked },
        ip: request.ip,
      });
      await ctx.deps.brokerSync?.changed(s.id, issued.revoked > 0);
      return { credentialId: issued.id, stationId: s.id, mqttUrl: ctx.deps.config.stationMqttUrl, username: s.id, password: issued.secret };
    },
  );

  app.delete(
    '/:id/credentials/:credentialId',
    {
      config,
      schema: {
        tags,
        summary: 'Revoke one credential; the broker drops the station if it is using it',
        params: CredentialParams,
        response: { 200: OkBody, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const s = await station(request, request.params.id);
      const r = await creds.revoke(s.id, request.params.credentialId);
      if (r === 'missing') throw ApiError.notFound(`credential ${request.params.credentialId}`);
      if (r === 'revoked') {
        await ctx.audit.record({
          actor: p,
          action: 'credentials.revoke',
          targetKind: 'station',
          targetId: s.id,
          detail: { credentialId: request.params.credentialId },
          ip: request.ip,
        });
        await ctx.deps.brokerSync?.changed(s.id, true);
      }
      return { ok: true as const };
    },
  );

  app.post(
    '/:id/claim-codes',
    {
      config,
      schema: {
        tags,
        summary: "One-time claim code for provisioning the station's agent",
        params: StationIdParams,
        response: { 200: ClaimCodeIssued, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const s = await station(request, request.params.id);
      const { code, expiresAt } = await claims.create(s.id, p.userId, ctx.deps.config.claimCodeTtlMs);
      await ctx.audit.record({
        actor: p,
        action: 'claim.create',
        targetKind: 'station',
        targetId: s.id,
        detail: { expiresAt },
        ip: request.ip,
      });
      return { stationId: s.id, code, expiresAt };
    },
  );
};

export default routes;
