import type { FastifyInstance } from 'fastify';

/** GET /api/health: liveness for load balancers and the station/camera counts by status. */
export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/health', async (_req, reply) => {
    const ingest = app.hub.ingest();
    try {
      const counts = await app.hub.health.statusCounts();
      return {
        ok: ingest.brokerConnected,
        database: true,
        broker: ingest.brokerConnected,
        ...counts,
        ingest: { queued: ingest.queued, pendingAcks: ingest.pendingAcks },
      };
    } catch (err) {
      app.log.error({ err }, 'health check: database query failed');
      return reply.code(503).send({ ok: false, database: false, broker: ingest.brokerConnected });
    }
  });
}
