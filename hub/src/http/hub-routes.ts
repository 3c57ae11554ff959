import type { FastifyInstance } from 'fastify';
import healthRoutes from '../status/health-routes.ts';
import metricsRoutes from './metrics-routes.ts';

/** Every route module, mirroring URL paths (routes/api/health → /api/health). */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
  await app.register(metricsRoutes);
}
