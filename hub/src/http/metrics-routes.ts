import type { FastifyInstance } from 'fastify';

/** GET /metrics: Prometheus text format. */
export default async function metricsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', app.hub.registry.contentType);
    return app.hub.registry.metrics();
  });
}
