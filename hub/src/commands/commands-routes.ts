import {
  COMMAND_NEEDS_CAMERA,
  COMMAND_PERMISSION,
  CommandIdParams,
  CommandListQuery,
  SendCommandBody,
  StationCommand,
  StationCommandList,
  StationIdParams,
} from '@camwatch/config';
import { ApiError } from '../http/api-error.ts';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { errorResponses } from '../http/route-helpers.ts';
import { orRefused, throwIfRefused } from '../http/refusal-error.ts';

const tags = ['commands'];

/**
 * Commands to stations: send (scoped, permission by kind, rate-limited per station, audited), list
 * a station's, read one. The dashboard polls a command it sent until its state is final.
 */
const routes: RoutePlugin = async (app, { ctx }) => {
  const stationInScope = async (request: Parameters<typeof principalOf>[0], id: string) =>
    orRefused(await ctx.fleetQuery.stationInScope(principalOf(request).scope, id));

  app.post(
    '/stations/:id/commands',
    {
      // The least any command needs; the kind's own permission is checked below.
      config: { permission: 'command.inspect' },
      schema: {
        tags,
        summary: 'Send a command to a station (snapshot, reprobe, rediscover, reboot_camera, reload_config, accept_reference)',
        params: StationIdParams,
        body: SendCommandBody,
        response: { 200: StationCommand, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const s = await stationInScope(request, request.params.id);
      const { kind } = request.body;
      const cameraId = request.body.cameraId ?? null;
      const needed = COMMAND_PERMISSION[kind];
      if (!p.permissions.has(needed)) throw ApiError.forbidden(`role ${p.role} may not send ${kind}`);
      const camera = COMMAND_NEEDS_CAMERA[kind];
      if (camera === 'required' && !cameraId) throw ApiError.validation([{ path: 'body/cameraId', message: `${kind} needs a camera` }]);
      if (camera === 'none' && cameraId)
        throw ApiError.validation([{ path: 'body/cameraId', message: `${kind} acts on the whole station` }]);
      if (cameraId) throwIfRefused(await ctx.fleetQuery.cameraOfStation(p.scope, s.id, cameraId));
      const sent = await ctx.commands.send({ actor: p, ip: request.ip }, { stationId: s.id, cameraId, kind });
      if (!sent.ok) {
        if (sent.reason === 'rate_limited')
          throw new ApiError('CW_ERR_RATE_LIMITED', `too many commands for station ${s.id}; wait a minute`);
        throw new ApiError('CW_ERR_UNAVAILABLE', 'this hub has no broker connection to send commands');
      }
      return sent.command;
    },
  );

  app.get(
    '/stations/:id/commands',
    {
      schema: {
        tags,
        summary: "A station's commands, newest first",
        params: StationIdParams,
        querystring: CommandListQuery,
        response: { 200: StationCommandList, ...errorResponses },
      },
    },
    async (request) => {
      const s = await stationInScope(request, request.params.id);
      return { items: await ctx.commands.list(s.id, request.query.limit ?? 50) };
    },
  );

  app.get(
    '/commands/:commandId',
    {
      schema: { tags, summary: 'One command and its state', params: CommandIdParams, response: { 200: StationCommand, ...errorResponses } },
    },
    async (request) => {
      const c = await ctx.commands.get(request.params.commandId);
      // A command of a station outside the caller's area answers like a missing one.
      if (!c || !(await ctx.fleetQuery.stationVisible(principalOf(request).scope, c.stationId)))
        throw ApiError.notFound(`command ${request.params.commandId}`);
      return c;
    },
  );
};

export default routes;
