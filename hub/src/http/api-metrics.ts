import { Counter, Gauge, type Registry } from 'prom-client';

/** Prometheus metrics of the HTTP API, registered on the hub's registry (served at /metrics). */
export interface ApiMetrics {
  errors: Counter<'code'>;
  logins: Counter<'result'>;
  liveConnections: Gauge;
  snapshotViews: Counter;
}

export function createApiMetrics(registry: Registry): ApiMetrics {
  return {
    errors: new Counter({
      name: 'camwatch_api_errors_total',
      help: 'API requests answered with an error, by error code',
      labelNames: ['code'],
      registers: [registry],
    }),
    logins: new Counter({
      name: 'camwatch_logins_total',
      help: 'Login attempts by result (ok, bad_credentials, disabled, rate_limited)',
      labelNames: ['result'],
      registers: [registry],
    }),
    liveConnections: new Gauge({ name: 'camwatch_live_connections', help: 'Open /api/live event streams', registers: [registry] }),
    snapshotViews: new Counter({
      name: 'camwatch_snapshot_views_total',
      help: 'Snapshot images served (each one audited)',
      registers: [registry],
    }),
  };
}
