import { USER_ROLES } from '@camwatch/config';
import type { Migration } from '../migrate.ts';
import { runSql } from '../migrate.ts';

/** People, their areas, sessions (only token hashes), the audit log and hub-wide secrets. */
export const usersAndAudit: Migration = {
  version: 100,
  name: 'users-and-audit',
  up: (db) =>
    runSql(
      db,
      `
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN (${USER_ROLES.map((r) => `'${r}'`).join(', ')})),
  password_hash text NOT NULL,
  language text NOT NULL DEFAULT 'vi' CHECK (language IN ('vi', 'en')),
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz
);

-- A user sees these units and every unit below them.
CREATE TABLE user_units (
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  unit_id text NOT NULL REFERENCES units(id),
  PRIMARY KEY (user_id, unit_id)
);

CREATE TABLE sessions (
  token_hash bytea PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  ts timestamptz NOT NULL DEFAULT now(),
  user_id uuid,
  username text,
  action text NOT NULL,
  target_kind text NOT NULL,
  target_id text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}',
  ip text
);
CREATE INDEX audit_log_target_idx ON audit_log (target_kind, target_id, id DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, id DESC);

-- Keys shared by every hub of a deployment (e.g. the snapshot URL signing key).
CREATE TABLE hub_secrets (
  name text PRIMARY KEY,
  value bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One-time provisioning codes: only their hash is kept; used_at makes them single-use.
CREATE TABLE claim_codes (
  code_hash bytea PRIMARY KEY,
  station_id text NOT NULL REFERENCES stations(id),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  used_ip text
);
CREATE INDEX claim_codes_station_idx ON claim_codes (station_id);
`,
    ),
};
