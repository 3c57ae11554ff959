import { CreateMaintenanceBody, MaintenanceIdParams, MaintenanceList, MaintenanceQuery, MaintenanceWindow, OkBody } from '@camwatch/config';
import { ApiError } from '../http/api-error.ts';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { MaintenanceRepository } from './maintenance-repository.ts';
import { requireStationInArea, requireUnitInArea } from '../fleet/body-ids-in-area.ts';
import { errorResponses } from '../http/route-helpers.ts';

const tags = ['maintenance'];
const MAX_WINDOW_MS = 90 * 86_400_000;

/** Maintenance windows: planned work on a station or a whole unit; neither downtime nor alerts. */
const routes: RoutePlugin = async (app, { ctx }) => {
  const repo = new MaintenanceRepository(ctx.deps.db);

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Maintenance windows in my area',
        querystring: MaintenanceQuery,
        response: { 200: MaintenanceList, ...errorResponses },
      },
    },
    async (request) => ({ items: await repo.list(principalOf(request).scope, request.query) }),
  );

  app.post(
    '/',
    {
      config: { permission: 'maintenance.write' },
      schema: {
        tags,
        summary: 'Plan maintenance for a station or a unit',
        body: CreateMaintenanceBody,
        response: { 200: MaintenanceWindow, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const b = request.body;
      if ((b.stationId === undefined) === (b.unitId === undefined))
        throw ApiError.validation([{ path: 'body', message: 'give exactly one of stationId and unitId' }]);
      if (b.endsAt <= b.startsAt) throw ApiError.validation([{ path: 'body/endsAt', message: 'must be after startsAt' }]);
      if (b.endsAt - b.startsAt > MAX_WINDOW_MS)
        throw ApiError.validation([{ path: 'body/endsAt', message: 'a window lasts at most 90 days' }]);
      if (b.stationId !== undefined) await requireStationInArea(ctx.fleet, p.scope, b.stationId);
      // Any unit on record counts here, retired ones too (station writes accept only units in service).
      if (b.unitId !== undefined) await requireUnitInArea((id) => ctx.units.exists(id), p.scope, b.unitId);
      const created = await repo.create({
        stationId: b.stationId ?? null,
        unitId: b.unitId ?? null,
        startsAt: b.startsAt,
        endsAt: b.endsAt,
        reason: b.reason,
      });
      await ctx.audit.record({
        actor: p,
        action: 'maintenance.create',
        targetKind: b.stationId ? 'station' : 'unit',
        targetId: (b.stationId ?? b.unitId)!,
        detail: { id: created.id, startsAt: b.startsAt, endsAt: b.endsAt, reason: b.reason },
        ip: request.ip,
      });
      return created;
    },
  );

  app.delete(
    '/:id',
    {
      config: { permission: 'maintenance.write' },
      schema: { tags, summary: 'Cancel a maintenance window', params: MaintenanceIdParams, response: { 200: OkBody, ...errorResponses } },
    },
    async (request) => {
      const p = principalOf(request);
      if (!(await repo.delete(p.scope, request.params.id))) throw ApiError.notFound(`maintenance window ${request.params.id}`);
      await ctx.audit.record({
        actor: p,
        action: 'maintenance.delete',
        targetKind: 'maintenance',
        targetId: String(request.params.id),
        ip: request.ip,
      });
      return { ok: true as const };
    },
  );
};

export default routes;
