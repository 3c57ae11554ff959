import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per hub instance (tests run several hubs in one process). */
export function createMetrics() {
  const registry = new Registry();
  /** Gauges read their value at scrape time from these (set by the hub once its parts exist). */
  const sources = { pendingAcks: () => 0, queued: () => 0 };
  collectDefaultMetrics({ register: registry, prefix: 'camwatch_hub_' });
  const m = {
    registry,
    received: new Counter({
      name: 'camwatch_ingest_received_total',
      help: 'MQTT messages received, by kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'camwatch_ingest_rejected_total',
      help: 'Messages rejected by the ingest, or refused by the embedded broker for their topic (topic_not_allowed, topic_wildcard, topic_invalid), by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    stored: new Counter({
      name: 'camwatch_ingest_stored_total',
      help: 'Messages stored (committed), by kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    duplicates: new Counter({
      name: 'camwatch_ingest_duplicates_total',
      help: 'Messages already stored (redelivery or replay), by kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    conflictingDuplicates: new Counter({
      name: 'camwatch_ingest_conflicting_duplicates_total',
      help: 'Duplicates whose (station, boot, seq) was stored before with another kind or timestamp (an agent reusing a sequence number; the first one stays), by kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    batches: new Counter({ name: 'camwatch_ingest_batches_total', help: 'Batches committed', registers: [registry] }),
    batchFailures: new Counter({
      name: 'camwatch_ingest_batch_failures_total',
      help: 'Batch transactions that failed and were retried',
      registers: [registry],
    }),
    batchRows: new Histogram({
      name: 'camwatch_ingest_batch_rows',
      help: 'Messages per committed batch',
      buckets: [1, 10, 50, 100, 500, 1000, 2000, 5000],
      registers: [registry],
    }),
    commitLatency: new Histogram({
      name: 'camwatch_ingest_receive_to_commit_seconds',
      help: 'Time from receipt to commit',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    sources,
    pendingAcks: new Gauge({
      name: 'camwatch_ingest_pending_acks',
      help: 'QoS 1 messages received but not yet acknowledged (waiting for commit)',
      registers: [registry],
      collect() {
        this.set(sources.pendingAcks());
      },
    }),
    queued: new Gauge({
      name: 'camwatch_ingest_queued',
      help: 'Validated messages waiting for the next batch',
      registers: [registry],
      collect() {
        this.set(sources.queued());
      },
    }),
    stationTransitions: new Counter({
      name: 'camwatch_station_transitions_total',
      help: 'Station online/offline changes, by status and cause',
      labelNames: ['status', 'cause'] as const,
      registers: [registry],
    }),
    brokerAuthFailures: new Counter({
      name: 'camwatch_broker_auth_failures_total',
      help: 'Embedded broker refusals, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    snapshotsStored: new Counter({
      name: 'camwatch_snapshots_stored_total',
      help: 'Snapshot files written (new content)',
      registers: [registry],
    }),
    retentionDeleted: new Counter({
      name: 'camwatch_retention_deleted_total',
      help: 'Rows deleted by the retention job, by table',
      labelNames: ['table'] as const,
      registers: [registry],
    }),
  };
  return m;
}

export type HubMetrics = ReturnType<typeof createMetrics>;
