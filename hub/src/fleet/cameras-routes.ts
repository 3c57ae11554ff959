import { Type } from '@sinclair/typebox';
import {
  CameraIdParams,
  CameraRecord,
  CameraTimeline,
  CreateCameraBody,
  RetireBody,
  SnapshotHistory,
  SnapshotHistoryQuery,
  SnapshotRef,
  TimelineQuery,
  UpdateCameraBody,
} from '@camwatch/config';
import { ApiError } from '../http/api-error.ts';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { orRefused, throwIfRefused } from '../http/refusal-error.ts';
import { errorResponses } from '../http/route-helpers.ts';

const tags = ['cameras'];

const routes: RoutePlugin = async (app, { ctx }) => {
  const writes = ctx.fleetWrites;

  const cameraInScope = async (request: Parameters<typeof principalOf>[0], id: string) =>
    orRefused(await ctx.fleetQuery.cameraInScope(principalOf(request).scope, id));

  app.get(
    '/:id/timeline',
    {
      schema: {
        tags,
        summary: 'Status intervals and uptime per hour (24h) or day (7d, 30d)',
        params: CameraIdParams,
        querystring: TimelineQuery,
        response: { 200: CameraTimeline, ...errorResponses },
      },
    },
    async (request) => {
      const c = await cameraInScope(request, request.params.id);
      const t = await ctx.cameraTimelines.of(c.id, request.query.range);
      if (!t) throw ApiError.notFound(`camera ${c.id}`);
      return t;
    },
  );

  app.get(
    '/:id/snapshots',
    {
      config: { permission: 'snapshot.view' },
      schema: {
        tags,
        summary: 'Snapshot history, newest first, as opaque signed URLs (each image view is audited)',
        params: CameraIdParams,
        querystring: SnapshotHistoryQuery,
        response: { 200: SnapshotHistory, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const c = await cameraInScope(request, request.params.id);
      const items = await ctx.snapshotRefs.history(c.id, { ...request.query, limit: request.query.limit ?? 48 }, p.userId);
      return { cameraId: c.id, items };
    },
  );

  app.get(
    '/:id/snapshots/latest',
    {
      config: { permission: 'snapshot.view' },
      schema: {
        tags,
        summary: 'The latest snapshot as an opaque signed URL',
        params: CameraIdParams,
        response: { 200: SnapshotRef, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const c = await cameraInScope(request, request.params.id);
      const ref = await ctx.snapshotRefs.latest(c.id, p.userId);
      if (!ref) throw ApiError.notFound(`snapshot of camera ${c.id}`);
      return ref;
    },
  );

  app.post(
    '/',
    {
      config: { permission: 'inventory.write' },
      schema: {
        tags,
        summary: 'Add a camera to a station in my area',
        body: CreateCameraBody,
        response: { 200: CameraRecord, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const b = request.body;
      throwIfRefused(await ctx.fleetQuery.stationNamedInBody(p.scope, b.stationId));
      if (!b.rtspUrl && !b.onvifUrl)
        throw ApiError.validation([{ path: 'body/rtspUrl', message: 'a camera needs an rtspUrl or an onvifUrl' }]);
      return writes.createCamera({ actor: p, ip: request.ip }, b);
    },
  );

  app.patch(
    '/:id',
    {
      config: { permission: 'inventory.write' },
      schema: {
        tags,
        summary: 'Change a camera (or move it to another station in my area)',
        params: CameraIdParams,
        body: UpdateCameraBody,
        response: { 200: CameraRecord, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const c = await cameraInScope(request, request.params.id);
      if (request.body.stationId) throwIfRefused(await ctx.fleetQuery.stationNamedInBody(p.scope, request.body.stationId));
      const updated = await writes.updateCamera({ actor: p, ip: request.ip }, c.id, request.body);
      if (!updated) throw ApiError.notFound(`camera ${c.id}`);
      return updated;
    },
  );

  app.post(
    '/:id/retire',
    {
      config: { permission: 'inventory.write' },
      schema: {
        tags,
        summary: 'Take a camera out of service',
        params: CameraIdParams,
        body: RetireBody,
        response: { 200: Type.Object({ ok: Type.Literal(true) }), ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const c = await cameraInScope(request, request.params.id);
      await writes.retireCamera({ actor: p, ip: request.ip }, c.id, request.body.at ?? null);
      return { ok: true as const };
    },
  );
};

export default routes;
