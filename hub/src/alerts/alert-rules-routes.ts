import { AlertRule, AlertRuleList, AlertRuleParams, UpdateAlertRuleBody } from '@camwatch/config';
import { ApiError } from '../http/api-error.ts';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import type { RuleConfig } from './alert-types.ts';
import { errorResponses } from '../http/route-helpers.ts';

const tags = ['alerts'];
const toApi = (r: RuleConfig): AlertRule => ({
  id: r.id,
  enabled: r.enabled,
  severity: r.severity,
  durationS: r.durationMs / 1000,
  resolveAfterS: r.resolveAfterMs / 1000,
  flapWindowS: r.flapWindowMs / 1000,
  flapMax: r.flapMax,
  threshold: r.threshold,
  minAgentVersion: r.minAgentVersion,
});

const routes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/',
    {
      schema: { tags, summary: 'Alert rules: durations, severities, thresholds', response: { 200: AlertRuleList, ...errorResponses } },
    },
    async () => ({ items: (await ctx.alertService.rules()).map(toApi) }),
  );

  app.patch(
    '/:id',
    {
      config: { permission: 'alert.configure' },
      schema: {
        tags,
        summary: 'Change a rule',
        params: AlertRuleParams,
        body: UpdateAlertRuleBody,
        response: { 200: AlertRule, ...errorResponses },
      },
    },
    async (request) => {
      const updated = await ctx.alertService.updateRule({ actor: principalOf(request), ip: request.ip }, request.params.id, request.body);
      if (!updated) throw ApiError.notFound(`rule ${request.params.id}`);
      return toApi(updated);
    },
  );
};

export default routes;
