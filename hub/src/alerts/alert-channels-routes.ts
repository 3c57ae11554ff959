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
import { publicChannel } from './channels/channel-registry.ts';
import { errorResponses } from '../http/route-helpers.ts';
import { orRefused } from '../http/refusal-error.ts';

const tags = ['alerts'];
const config = { permission: 'alert.configure' as const };

const routes: RoutePlugin = async (app, { ctx }) => {
  const channels = ctx.alertChannels;
  const caller = (request: Parameters<typeof principalOf>[0]) => ({ actor: principalOf(request), ip: request.ip });

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
    async (request) => publicChannel(orRefused(await channels.create(caller(request), request.body))),
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
    async (request) => publicChannel(orRefused(await channels.update(caller(request), request.params.id, request.body))),
  );

  app.delete(
    '/:id',
    { config, schema: { tags, summary: 'Remove a channel', params: ChannelIdParams, response: { 200: OkBody, ...errorResponses } } },
    async (request) => {
      if (!(await channels.delete(caller(request), request.params.id))) throw ApiError.notFound(`channel ${request.params.id}`);
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
      if (!(await channels.test(request.params.id))) throw ApiError.notFound(`channel ${request.params.id}`);
      return { ok: true as const };
    },
  );
};

export default routes;
