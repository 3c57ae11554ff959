import { Type } from '@sinclair/typebox';
import {
  CreateStationBody,
  MoveStationBody,
  RetireBody,
  StationDetail,
  StationIdParams,
  StationRecord,
  UnitHistory,
  UpdateStationBody,
} from '@camwatch/config';
import { ApiError } from '../http/api-error.ts';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { requireUnitInArea } from './body-ids-in-area.ts';
import { errorResponses } from '../http/route-helpers.ts';
import { orRefused } from '../http/refusal-error.ts';
import stationCredentialRoutes from '../credentials/station-credentials-routes.ts';

const tags = ['stations'];

const routes: RoutePlugin = async (app, { ctx }) => {
  const writes = ctx.fleetWrites;

  /** The station if it is in the caller's area (404 otherwise, like a missing one). */
  const stationInScope = async (scopeOwner: ReturnType<typeof principalOf>, id: string) =>
    orRefused(await ctx.fleetQuery.stationInScope(scopeOwner.scope, id));

  app.get(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Station panel: status, health, cameras with snapshots, recent events',
        params: StationIdParams,
        response: { 200: StationDetail, ...errorResponses },
      },
    },
    async (request) => {
      const detail = await ctx.stationDetails.detail(principalOf(request), request.params.id);
      if (!detail) throw ApiError.notFound(`station ${request.params.id}`);
      return detail;
    },
  );

  app.post(
    '/',
    {
      config: { permission: 'inventory.write' },
      schema: { tags, summary: 'Add a station (in my area)', body: CreateStationBody, response: { 200: StationRecord, ...errorResponses } },
    },
    async (request) => {
      const p = principalOf(request);
      const b = request.body;
      await requireUnitInArea((id) => writes.unitExists(id), p.scope, b.unitId);
      return writes.createStation({ actor: p, ip: request.ip }, b);
    },
  );

  app.patch(
    '/:id',
    {
      config: { permission: 'inventory.write' },
      schema: {
        tags,
        summary: 'Change a station (not its unit: use move)',
        params: StationIdParams,
        body: UpdateStationBody,
        response: { 200: StationRecord, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      await stationInScope(p, request.params.id);
      const updated = await writes.updateStation({ actor: p, ip: request.ip }, request.params.id, request.body);
      if (!updated) throw ApiError.notFound(`station ${request.params.id}`);
      return updated;
    },
  );

  app.post(
    '/:id/move',
    {
      config: { permission: 'station.move' },
      schema: {
        tags,
        summary: 'Move a station to another unit; its past stays attributed to the old one',
        params: StationIdParams,
        body: MoveStationBody,
        response: { 200: UnitHistory, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const s = await stationInScope(p, request.params.id);
      const { unitId } = request.body;
      const at = request.body.at ?? Date.now();
      await requireUnitInArea((id) => writes.unitExists(id), p.scope, unitId);
      if (at > Date.now() + 60_000) throw ApiError.validation([{ path: 'body/at', message: 'a move cannot take effect in the future' }]);
      const r = await writes.moveStation({ actor: p, ip: request.ip }, s.id, s.unitId, unitId, at);
      if (r === 'same_unit') throw ApiError.conflict(`station ${s.id} is already in ${unitId}`);
      if (r === 'too_early') throw ApiError.conflict(`station ${s.id} joined its current unit after ${new Date(at).toISOString()}`);
      return { stationId: s.id, items: await writes.unitHistory(s.id) };
    },
  );

  app.get(
    '/:id/unit-history',
    {
      schema: {
        tags,
        summary: 'Which unit the station belonged to, when',
        params: StationIdParams,
        response: { 200: UnitHistory, ...errorResponses },
      },
    },
    async (request) => {
      const s = await stationInScope(principalOf(request), request.params.id);
      return { stationId: s.id, items: await writes.unitHistory(s.id) };
    },
  );

  app.post(
    '/:id/retire',
    {
      config: { permission: 'inventory.write' },
      schema: {
        tags,
        summary: 'Take a station out of service (cameras too; its credentials are revoked)',
        params: StationIdParams,
        body: RetireBody,
        response: { 200: Type.Object({ ok: Type.Literal(true) }), ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const s = await stationInScope(p, request.params.id);
      await writes.retireStation({ actor: p, ip: request.ip }, s.id, request.body.at ?? null);
      return { ok: true as const };
    },
  );

  // A station's broker credentials and claim codes live with the credentials feature, under the same URL.
  await app.register(stationCredentialRoutes, { ctx });
};

export default routes;
