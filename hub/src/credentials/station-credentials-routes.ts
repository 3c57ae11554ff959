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
import { errorResponses } from '../http/route-helpers.ts';
import { orRefused } from '../http/refusal-error.ts';

const tags = ['credentials'];
const config = { permission: 'credentials.write' as const };

/** /api/stations/:id/credentials and /claim-codes: broker credentials of one station in my area. */
const routes: RoutePlugin = async (app, { ctx }) => {
  const creds = ctx.credentials;
  const caller = (request: Parameters<typeof principalOf>[0]) => ({ actor: principalOf(request), ip: request.ip });

  const station = async (request: Parameters<typeof principalOf>[0], id: string) =>
    orRefused(await ctx.fleetQuery.stationInScope(principalOf(request).scope, id));

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
      return { stationId: s.id, items: await creds.listStation(s.id) };
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
      const s = await station(request, request.params.id);
      const issued = await creds.issueAndSync(caller(request), { stationId: s.id, revokePrevious: request.body.revokePrevious });
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
      const s = await station(request, request.params.id);
      const r = await creds.revokeOne(caller(request), s.id, request.params.credentialId);
      if (r === 'missing') throw ApiError.notFound(`credential ${request.params.credentialId}`);
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
      const s = await station(request, request.params.id);
      const { code, expiresAt } = await creds.createClaimCode(caller(request), s.id, ctx.deps.config.claimCodeTtlMs);
      return { stationId: s.id, code, expiresAt };
    },
  );
};

export default routes;
