import { DEFAULTS } from '@camwatch/config';
import type { Migration } from '../migrate.ts';
import { invalidateFunction, replaceIntervalFunctions, type DayOf } from './110-uptime-days.ts';

/**
 * A change at `since` first affects the local day of `since - 1 ms`: an outage repaired at exactly
 * 00:00 of day D ends within day D-1 (outages are counted in the day their end falls in, `(start, end]`),
 * so day D-1's row must go too. Moving every bound back 1 ms re-decides at most one extra day.
 */
const dayBefore: DayOf = (since) => `((${since} - interval '1 millisecond') AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`;

/** The tables of data messages (the outbox's numbered records; not births, which repeat the last seq), by kind. */
const KEYED_TABLES = {
  health: 'health_samples',
  cameraStatus: 'camera_status_samples',
  event: 'station_events',
  commandReply: 'command_replies',
  birth: 'station_births',
  snapshot: 'snapshots',
} as const;

const STATEMENTS = [
  invalidateFunction(dayBefore, 'CREATE OR REPLACE'),
  ...replaceIntervalFunctions(dayBefore),
  // The MQTT reference promises each (stationId, bootId, seq) is stored once, whatever its kind or ts.
  // The samples' own unique indexes must include `ts` (TimescaleDB hypertables), so the rule is kept
  // here: one row per message key, claimed before a sample is written. A key is needed only as long
  // as a message can still be accepted (`maxReplayAgeMs` by its ts), so the hub expires older keys.
  `CREATE TABLE message_keys (
    station_id text NOT NULL,
    boot_id text NOT NULL,
    seq bigint NOT NULL,
    kind text NOT NULL,
    ts timestamptz NOT NULL,
    PRIMARY KEY (station_id, boot_id, seq)
  )`,
  `CREATE INDEX message_keys_ts_idx ON message_keys (ts)`,
  // Hubs splitting the fleet (shared subscription) each hear only their share: a station's silence is
  // certain only up to what every hub of the group has heard (status/group-heard.ts).
  `CREATE TABLE hub_heard (
    hub_id text PRIMARY KEY,
    heard_until timestamptz,
    heard_since timestamptz,
    updated_at timestamptz NOT NULL
  )`,
  // Keys of what is stored already and could still be redelivered.
  ...Object.entries(KEYED_TABLES).map(
    ([kind, t]) => `INSERT INTO message_keys (station_id, boot_id, seq, kind, ts)
    SELECT DISTINCT ON (station_id, boot_id, seq) station_id, boot_id, seq, '${kind}', ts FROM ${t}
    WHERE ts > now() - make_interval(secs => ${DEFAULTS.maxReplayAgeMs.value / 1000} + 86400) ORDER BY station_id, boot_id, seq, ts
    ON CONFLICT DO NOTHING`,
  ),
];

export const ingestCorrectness: Migration = {
  version: 111,
  name: 'ingest-correctness',
  async up(db) {
    for (const stmt of STATEMENTS) await db.query(stmt);
  },
};
