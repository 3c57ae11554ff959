import type { HealthRepository } from './health-repository.ts';

export type Readiness =
  | { ok: true; checks: Record<string, string> }
  /** The database did not answer; `err` is for the log, never for the response. */
  | { ok: false; failed: 'database'; err: unknown }
  | { ok: false; failed: 'hub'; detail: string };

/** Readiness for load balancers: the database answers and the hub's own checks (when it has any) pass. */
export class ReadinessService {
  constructor(
    private readonly health: HealthRepository,
    // Read at each check, not at construction: the hub may attach its own check after building the API.
    private readonly hub: { ready?: () => Promise<{ ok: boolean; detail: string }> },
  ) {}

  async check(): Promise<Readiness> {
    const checks: Record<string, string> = {};
    try {
      await this.health.ping();
      checks.database = 'ok';
    } catch (err) {
      return { ok: false, failed: 'database', err };
    }
    if (this.hub.ready) {
      const r = await this.hub.ready();
      if (!r.ok) return { ok: false, failed: 'hub', detail: r.detail };
      checks.hub = r.detail;
    }
    return { ok: true, checks };
  }
}
