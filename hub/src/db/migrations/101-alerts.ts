import type { Migration } from '../migrate.ts';
import { runSql } from '../migrate.ts';

/**
 * Alerts: rules (seeded with defaults), alerts with their lifecycle, channels, a delivery
 * outbox (so sending never blocks evaluation or ingest) and the record of daily digests.
 */
export const alerts: Migration = {
  version: 101,
  name: 'alerts',
  up: (db) =>
    runSql(
      db,
      `
CREATE TABLE alert_rules (
  id text PRIMARY KEY,
  enabled boolean NOT NULL DEFAULT true,
  severity text NOT NULL CHECK (severity IN ('critical', 'warning', 'info')),
  duration_s integer NOT NULL CHECK (duration_s >= 0),
  resolve_after_s integer NOT NULL CHECK (resolve_after_s >= 0),
  flap_window_s integer NOT NULL CHECK (flap_window_s >= 0),
  flap_max integer NOT NULL CHECK (flap_max >= 1),
  threshold double precision,
  min_agent_version text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO alert_rules (id, severity, duration_s, resolve_after_s, flap_window_s, flap_max, threshold, min_agent_version) VALUES
  ('station_offline', 'critical', 600, 120, 3600, 3, NULL, NULL),
  ('camera_down', 'critical', 900, 120, 3600, 3, NULL, NULL),
  ('picture_frozen', 'warning', 1800, 300, 3600, 3, NULL, NULL),
  ('picture_black', 'warning', 1800, 300, 3600, 3, NULL, NULL),
  ('picture_covered', 'critical', 600, 300, 3600, 3, NULL, NULL),
  ('view_changed', 'warning', 600, 300, 3600, 3, NULL, NULL),
  ('disk_full', 'warning', 600, 600, 3600, 3, 90, NULL),
  ('clock_skew', 'warning', 600, 600, 3600, 3, 60000, NULL),
  ('agent_outdated', 'info', 0, 0, 0, 1, NULL, NULL);

CREATE TABLE alerts (
  id bigserial PRIMARY KEY,
  rule text NOT NULL REFERENCES alert_rules(id),
  subject text NOT NULL,
  severity text NOT NULL,
  state text NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
  station_id text NOT NULL,
  camera_id text,
  unit_id text NOT NULL,
  message text NOT NULL,
  condition_since timestamptz NOT NULL,
  opened_at timestamptz NOT NULL,
  cleared_at timestamptz,
  acknowledged_at timestamptz,
  acknowledged_by uuid,
  ack_comment text,
  resolved_at timestamptz,
  reopen_count integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- At most one live alert per rule and subject: evaluation can never open a duplicate.
CREATE UNIQUE INDEX alerts_live_idx ON alerts (rule, subject) WHERE state <> 'resolved';
CREATE INDEX alerts_state_idx ON alerts (state, opened_at DESC);
CREATE INDEX alerts_unit_idx ON alerts (unit_id, opened_at DESC);
CREATE INDEX alerts_subject_idx ON alerts (rule, subject, resolved_at DESC);

CREATE TABLE alert_channels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('webhook', 'email', 'mqtt')),
  config jsonb NOT NULL DEFAULT '{}',
  unit_id text REFERENCES units(id),
  min_severity text NOT NULL DEFAULT 'info' CHECK (min_severity IN ('critical', 'warning', 'info')),
  digest boolean NOT NULL DEFAULT false,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_success_at timestamptz,
  last_failure_at timestamptz,
  last_error text,
  consecutive_failures integer NOT NULL DEFAULT 0
);

CREATE TABLE alert_deliveries (
  id bigserial PRIMARY KEY,
  channel_id uuid NOT NULL REFERENCES alert_channels(id) ON DELETE CASCADE,
  alert_id bigint REFERENCES alerts(id),
  kind text NOT NULL CHECK (kind IN ('alert', 'digest', 'test')),
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX alert_deliveries_due_idx ON alert_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX alert_deliveries_channel_idx ON alert_deliveries (channel_id, id DESC);

-- One digest per commune and local day, whichever hub sends it.
CREATE TABLE alert_digests (
  unit_id text NOT NULL REFERENCES units(id),
  day date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (unit_id, day)
);
`,
    ),
};
