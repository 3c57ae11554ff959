import { DEFAULTS } from '@camwatch/config';
import type { Migration } from '../migrate.ts';
import { runSql } from '../migrate.ts';

const RAW_TABLES = ['health_samples', 'camera_status_samples', 'station_events', 'command_replies'] as const;

// Hourly rollups: per station health, and per camera how many samples reported each status.
const healthHourly = (bucket: string) => `
SELECT station_id, ${bucket} AS bucket,
  count(*) AS samples, avg(cpu_pct) AS cpu_pct_avg, max(cpu_pct) AS cpu_pct_max,
  avg(mem_used_pct) AS mem_used_pct_avg, max(disk_used_pct) AS disk_used_pct_max,
  max(temp_c) AS temp_c_max, avg(uplink_latency_ms) AS uplink_latency_ms_avg, max(outbox_pending) AS outbox_pending_max
FROM health_samples GROUP BY station_id, ${bucket}`;

const statusHourly = (bucket: string) => `
SELECT camera_id, station_id, ${bucket} AS bucket,
  count(*) AS samples,
  count(*) FILTER (WHERE status = 'ok') AS ok_samples,
  count(*) FILTER (WHERE status = 'degraded') AS degraded_samples,
  count(*) FILTER (WHERE status = 'down') AS down_samples
FROM camera_status_samples GROUP BY camera_id, station_id, ${bucket}`;

/**
 * With TimescaleDB: hypertables (1-day chunks), compression after 7 days, raw retention, and
 * continuous aggregates refreshed by a policy. Without it the same names exist as plain
 * views and the hub's retention job deletes old raw rows.
 */
export const timeseries: Migration = {
  version: 3,
  name: 'timeseries',
  async up(db) {
    if (!db.features.timescale) {
      await runSql(
        db,
        `
CREATE VIEW health_hourly AS ${healthHourly(`date_trunc('hour', ts)`)};
CREATE VIEW camera_status_hourly AS ${statusHourly(`date_trunc('hour', ts)`)};`,
      );
      return;
    }
    const retention = `${DEFAULTS.rawRetentionDays.value} days`;
    for (const table of RAW_TABLES) {
      const segment = table === 'camera_status_samples' ? 'camera_id' : 'station_id';
      await runSql(
        db,
        `
SELECT create_hypertable('${table}', by_range('ts', INTERVAL '1 day'));
ALTER TABLE ${table} SET (timescaledb.compress, timescaledb.compress_segmentby = '${segment}', timescaledb.compress_orderby = 'ts DESC');
SELECT add_compression_policy('${table}', INTERVAL '7 days');
SELECT add_retention_policy('${table}', INTERVAL '${retention}');`,
      );
    }
    // WITH NO DATA: a continuous aggregate created with data cannot be made inside a transaction.
    await runSql(
      db,
      `
CREATE MATERIALIZED VIEW health_hourly WITH (timescaledb.continuous) AS ${healthHourly(`time_bucket(INTERVAL '1 hour', ts)`)} WITH NO DATA;
CREATE MATERIALIZED VIEW camera_status_hourly WITH (timescaledb.continuous) AS ${statusHourly(`time_bucket(INTERVAL '1 hour', ts)`)} WITH NO DATA;
SELECT add_continuous_aggregate_policy('health_hourly', start_offset => INTERVAL '${DEFAULTS.maxReplayAgeMs.value / 86_400_000 + 1} days', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes');
SELECT add_continuous_aggregate_policy('camera_status_hourly', start_offset => INTERVAL '${DEFAULTS.maxReplayAgeMs.value / 86_400_000 + 1} days', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes');`,
    );
  },
};

export { RAW_TABLES };
