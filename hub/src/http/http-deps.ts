import type { Registry } from 'prom-client';
import type { HealthRepository } from '../status/health-repository.ts';

/** What the hub's own routes need; the full API (another plugin) brings its own dependencies. */
export interface HttpDeps {
  health: HealthRepository;
  registry: Registry;
  /** Broker and ingest state for /api/health. */
  ingest: () => { brokerConnected: boolean; queued: number; pendingAcks: number };
}
