import { FleetVersions } from '@camwatch/config';
import type { RoutePlugin } from '../http/api-context.ts';
import { principalOf } from '../auth/auth-hook.ts';
import { errorResponses } from '../http/route-helpers.ts';
import { AgentVersionRepository } from './agent-version-repository.ts';
import { summarizeVersions } from './fleet-versions.ts';

const tags = ['stations'];

const routes: RoutePlugin = async (app, { ctx }) => {
  const versions = new AgentVersionRepository(ctx.deps.db);

  app.get(
    '/versions',
    {
      config: { permission: 'fleet.versions' },
      schema: {
        tags,
        summary: 'Agent versions in my area: stations per version, and those behind the newest or never reported',
        response: { 200: FleetVersions, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const [area, fleet] = await Promise.all([versions.stations(p.scope), versions.fleetVersions()]);
      return summarizeVersions(area, fleet);
    },
  );
};

export default routes;
