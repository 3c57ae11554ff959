import {
  CreatePrivateCameraBody,
  ErasePrivateCameraBody,
  OkBody,
  PrivateCamera,
  PrivateCameraConnectionBody,
  PrivateCameraIdParams,
  PrivateCameraImportBody,
  PrivateCameraImportResult,
  PrivateCameraList,
  PrivateCameraListQuery,
  PrivateCameraPositions,
  PrivateCameraPositionsQuery,
  PrivateCameraReadQuery,
  PRIVATE_CAMERA_POSITIONS_LIMIT,
  UpdatePrivateCameraBody,
  importIssuePath,
  parsePrivateCameraCsv,
} from '@camwatch/config';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/api-error.ts';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { errorResponses } from '../http/route-helpers.ts';
import { orRefused, throwIfRefused } from '../http/refusal-error.ts';
import { PrivateCameraImportRefused } from './private-camera-service.ts';
import { parsePrivateCameraXlsx } from './private-camera-xlsx.ts';
import { toPrivateCamera, toPrivateCameraPositions } from './private-camera-view.ts';

const tags = ['private-cameras'];
const read = { permission: 'private_camera.read' } as const;
const write = { permission: 'private_camera.write' } as const;
const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;

/**
 * The register of private street-facing cameras (Decree 13/2023): list (by unit, by bbox),
 * positions for the map layer, read, register, edit, import a commune's spreadsheet, erase on
 * the owner's request. Scoped to the caller's area through the camera's unit. The owner's contact comes only on `contact=true`
 * with `private_camera.contact`, and the service audits each camera whose contact was handed out.
 */
const routes: RoutePlugin = async (app, { ctx }) => {
  const svc = ctx.privateCameras;

  function wantsContact(request: FastifyRequest, asked: boolean | undefined): boolean {
    if (!asked) return false;
    if (!principalOf(request).permissions.has('private_camera.contact'))
      throw ApiError.forbidden('your role may not read owners’ contact (private_camera.contact)');
    return true;
  }

  async function filterOf(q: { unitId?: string | undefined; bbox?: string | undefined }, limit: number) {
    const bbox = q.bbox?.split(',').map(Number) as [number, number, number, number] | undefined;
    if (bbox && (bbox.some((n) => !Number.isFinite(n)) || bbox[0] > bbox[2] || bbox[1] > bbox[3]))
      throw ApiError.validation([{ path: '/bbox', message: 'must be minLon,minLat,maxLon,maxLat with min ≤ max' }]);
    return {
      ...(q.unitId ? { unitIds: await ctx.fleetQuery.unitSubtree(q.unitId) } : {}),
      ...(bbox ? { bbox } : {}),
      limit,
    };
  }

  async function inScope(request: FastifyRequest, id: number) {
    const row = await svc.get(principalOf(request), id);
    if (!row) throw ApiError.notFound(`private camera ${id}`);
    return row;
  }

  async function answer(request: FastifyRequest, id: number, contact: boolean) {
    const row = await inScope(request, id);
    if (contact) await svc.contactRead({ actor: principalOf(request), ip: request.ip }, [row]);
    const connections = await ctx.privateCameraConnections.views([row]);
    return { ...toPrivateCamera(row, contact), connection: connections.get(row.id) ?? null };
  }

  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary:
          'Private cameras in my area, newest first; by unit (and below) or bbox; a page at a time with limit and before (the last id seen); owners’ contact with contact=true (audited)',
        querystring: PrivateCameraListQuery,
        response: { 200: PrivateCameraList, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const contact = wantsContact(request, q.contact);
      const limit = q.limit ?? 5000;
      const rows = await svc.list(principalOf(request), {
        ...(await filterOf(q, limit)),
        ...(q.before === undefined ? {} : { beforeId: q.before }),
      });
      const items = rows.slice(0, limit);
      if (contact) await svc.contactRead({ actor: principalOf(request), ip: request.ip }, items);
      const connections = await ctx.privateCameraConnections.views(items);
      return {
        items: items.map((r) => ({ ...toPrivateCamera(r, contact), connection: connections.get(r.id) ?? null })),
        truncated: rows.length > limit,
      };
    },
  );

  app.get(
    '/positions',
    {
      config: read,
      schema: {
        tags,
        summary:
          'Where the private cameras of my area stand (position and owner kind only), for the map layer; total and truncated say what a limit cut',
        querystring: PrivateCameraPositionsQuery,
        response: { 200: PrivateCameraPositions, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const { rows, total } = await svc.positions(
        principalOf(request),
        await filterOf(q, q.limit ?? PRIVATE_CAMERA_POSITIONS_LIMIT.default),
      );
      const connected = await ctx.privateCameraConnections.connectedOnMap(rows);
      return { ...toPrivateCameraPositions(rows, total), ...(connected ? { connected } : {}) };
    },
  );

  app.get(
    '/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One private camera; its owner’s contact with contact=true (audited)',
        params: PrivateCameraIdParams,
        querystring: PrivateCameraReadQuery,
        response: { 200: PrivateCamera, ...errorResponses },
      },
    },
    async (request) => answer(request, request.params.id, wantsContact(request, request.query.contact)),
  );

  app.post(
    '/',
    {
      config: write,
      schema: {
        tags,
        summary: 'Register a private camera in a unit of my area (answers it with its owner’s contact)',
        body: CreatePrivateCameraBody,
        response: { 200: PrivateCamera, ...errorResponses },
      },
    },
    async (request) => {
      const id = orRefused(await svc.create(principalOf(request), request.body, request.ip));
      return answer(request, id, principalOf(request).permissions.has('private_camera.contact'));
    },
  );

  app.patch(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Edit a private camera (absent fields stay as they are)',
        params: PrivateCameraIdParams,
        body: UpdatePrivateCameraBody,
        response: { 200: PrivateCamera, ...errorResponses },
      },
    },
    async (request) => {
      const row = await inScope(request, request.params.id);
      throwIfRefused(await svc.update(principalOf(request), row, request.body, request.ip));
      return answer(request, row.id, principalOf(request).permissions.has('private_camera.contact'));
    },
  );

  app.post(
    '/:id/erase',
    {
      config: write,
      schema: {
        tags,
        summary: 'Erase a private camera and its owner’s data for good, on the owner’s request (audited as erasure)',
        params: PrivateCameraIdParams,
        body: ErasePrivateCameraBody,
        response: { 200: OkBody, ...errorResponses },
      },
    },
    async (request) => {
      const row = await inScope(request, request.params.id);
      await svc.erase(principalOf(request), row, request.body.reason, request.ip);
      return { ok: true as const };
    },
  );

  app.put(
    '/:id/connection',
    {
      config: write,
      schema: {
        tags,
        summary: 'Connect the owner’s recorder to the nearest collector (live_connection consent only; credentials never answered back)',
        params: PrivateCameraIdParams,
        body: PrivateCameraConnectionBody,
        response: { 200: PrivateCamera, ...errorResponses },
      },
    },
    async (request) => {
      const row = await inScope(request, request.params.id);
      throwIfRefused(await ctx.privateCameraConnections.connect(principalOf(request), row, request.body, request.ip));
      return answer(request, row.id, false);
    },
  );

  app.delete(
    '/:id/connection',
    {
      config: write,
      schema: {
        tags,
        summary: 'Disconnect the owner’s recorder: its collector stops checking it (idempotent)',
        params: PrivateCameraIdParams,
        response: { 200: OkBody, ...errorResponses },
      },
    },
    async (request) => {
      const row = await inScope(request, request.params.id);
      // Idempotent: disconnecting a camera that has no recorder connected is already done.
      await ctx.privateCameraConnections.disconnect(principalOf(request), row, 'disconnected', request.ip);
      return { ok: true as const };
    },
  );

  app.post(
    '/import',
    {
      config: write,
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Import a commune’s spreadsheet (CSV or XLSX): all rows or none, unless onlyGoodRows (422 lists every bad row)',
        body: PrivateCameraImportBody,
        response: { 200: PrivateCameraImportResult, ...errorResponses },
      },
    },
    async (request) => {
      const b = request.body;
      const sheet = b.format === 'csv' ? parsePrivateCameraCsv(b.data) : await parsePrivateCameraXlsx(Buffer.from(b.data, 'base64'));
      try {
        return await svc.import(principalOf(request), sheet, b.onlyGoodRows ?? false, request.ip);
      } catch (err) {
        if (!(err instanceof PrivateCameraImportRefused)) throw err;
        throw new ApiError(
          'CW_ERR_IMPORT_INVALID',
          err.message,
          err.issues.slice(0, 500).map((i) => ({ path: importIssuePath(i), message: i.message, reason: i.reason, params: i.params })),
        );
      }
    },
  );
};

export default routes;
