import type { FastifyInstance } from 'fastify';
import healthRoutes from './api/health/index.ts';
import metricsRoutes from './metrics/index.ts';

/** Every route module, mirroring URL paths (routes/api/health → /api/health). */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
  await app.register(metricsRoutes);
}
