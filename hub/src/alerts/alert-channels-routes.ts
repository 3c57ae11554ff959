import {
  AlertChannel,
  AlertChannelList,
  ChannelIdParams,
  ChannelStatusList,
  CreateAlertChannelBody,
  OkBody,
  UpdateAlertChannelBody,
} from '@camwatch/config';
import { ApiError } from '../http/api-error.ts';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { CHANNELS, publicChannel } from './channels/channel-registry.ts';
import { errorResponses } from '../http/route-helpers.ts';

const tags = ['alerts'];
const config = { permission: 'alert.configure' as const };

const routes: RoutePlugin = async (app, { ctx }) => {
  const channels = ctx.alerts.channels;

  async function checkUnit(unitId: string | null | undefined): Promise<void> {
    if (!unitId) return;
    if (!(await ctx.units.exists(unitId))) throw ApiError.validation([{ path: 'body/unitId', message: `unknown unit ${unitId}` }]);
  }

  app.get(
    '/',
    { config, schema: { tags, summary: 'Alert channels (webhook, email, MQTT)', response: { 200: AlertChannelList, ...errorResponses } } },
    async () => ({ items: (await channels.list()).map(publicChannel) }),
  );

  app.get(
    '/status',
    {
      config,
      schema: {
        tags,
        summary: 'Health of every channel: failures, last error, deliveries waiting',
        response: { 200: ChannelStatusList, ...errorResponses },
      },
    },
    async () => ({ items: await channels.status() }),
  );

  app.post(
    '/',
    {
      config,
      schema: { tags, summary: 'Add a channel', body: CreateAlertChannelBody, response: { 200: AlertChannel, ...errorResponses } },
    },
    async (request) => {
      await checkUnit(request.body.unitId);
      const created = await channels.create(request.body);
      await ctx.audit.record({
        actor: principalOf(request),
        action: 'alert_channel.create',
        targetKind: 'alert_channel',
        targetId: created.id,
        detail: { kind: created.kind, name: created.name },
        ip: request.ip,
      });
      return publicChannel(created);
    },
  );

  app.patch(
    '/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Change a channel',
        params: ChannelIdParams,
        body: UpdateAlertChannelBody,
        response: { 200: AlertChannel, ...errorResponses },
      },
    },
    async (request) => {
      await checkUnit(request.body.unitId);
      const existing = await channels.byId(request.params.id);
      if (!existing) throw ApiError.notFound(`channel ${request.params.id}`);
      const cfg = request.body.config;
      if (cfg && !CHANNELS[existing.kind].fits(cfg))
        throw ApiError.validation([{ path: 'body/config', message: `not a ${existing.kind} configuration` }]);
      const updated = await channels.update(existing.id, request.body);
      if (!updated) throw ApiError.notFound(`channel ${request.params.id}`);
      await ctx.audit.record({
        actor: principalOf(request),
        action: 'alert_channel.update',
        targetKind: 'alert_channel',
        targetId: updated.id,
        detail: { fields: Object.keys(request.body) },
        ip: request.ip,
      });
      return publicChannel(updated);
    },
  );

  app.delete(
    '/:id',
    { config, schema: { tags, summary: 'Remove a channel', params: ChannelIdParams, response: { 200: OkBody, ...errorResponses } } },
    async (request) => {
      if (!(await channels.delete(request.params.id))) throw ApiError.notFound(`channel ${request.params.id}`);
      await ctx.audit.record({
        actor: principalOf(request),
        action: 'alert_channel.delete',
        targetKind: 'alert_channel',
        targetId: request.params.id,
        ip: request.ip,
      });
      return { ok: true as const };
    },
  );

  app.post(
    '/:id/test',
    {
      config,
      schema: {
        tags,
        summary: 'Queue a test message on the channel',
        params: ChannelIdParams,
        response: { 200: OkBody, ...errorResponses },
      },
    },
    async (request) => {
      if (!(await channels.byId(request.params.id))) throw ApiError.notFound(`channel ${request.params.id}`);
      await ctx.alerts.test(request.params.id);
      return { ok: true as const };
    },
  );
};

export default routes;
