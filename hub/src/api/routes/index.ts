import type { ApiContext, TypedApp } from '../api-context.ts';
import audit from './api/audit/index.ts';
import auth from './api/auth/index.ts';
import config from './api/config/index.ts';
import me from './api/me/index.ts';
import ready from './api/ready/index.ts';
import users from './api/users/index.ts';

/** Route plugins by URL prefix (relative to /api); the folder tree mirrors the URLs. */
export async function registerRoutes(app: TypedApp, ctx: ApiContext): Promise<void> {
  const table = { '/auth': auth, '/me': me, '/config': config, '/ready': ready, '/users': users, '/audit': audit };
  for (const [prefix, plugin] of Object.entries(table)) await app.register(plugin, { prefix, ctx });
}
