import {
  PRIVATE_CAMERA_CONSENT_SCOPES,
  PRIVATE_CAMERA_MAX_RANGE_M,
  PRIVATE_CAMERA_OWNER_KINDS,
  PRIVATE_CAMERA_RECORDER_KINDS,
} from '@camwatch/config';
import type { Migration } from '../migrate.ts';
import { runSql } from '../migrate.ts';

const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');

/**
 * The register of private street-facing cameras (issue 16 item 1). One row per camera; the
 * view columns mean what `config/src/domain/camera-view.ts` says, as for programme cameras.
 * Owner name, phone and address are personal data (Decree 13/2023): erasure on the owner's
 * request deletes the whole row, since a household's camera position still points at a home
 * and a camera whose owner withdrew can no longer be asked for footage. The erasure itself is
 * in the audit log, without the personal data. Road coverage and the investigation query read
 * this table through their own repositories.
 */
export const privateCameras: Migration = {
  version: 150,
  name: 'private-cameras',
  up: (db) =>
    runSql(
      db,
      `
CREATE TABLE private_cameras (
  id bigserial PRIMARY KEY,
  unit_id text NOT NULL REFERENCES units(id),
  owner_kind text NOT NULL CHECK (owner_kind IN (${list(PRIVATE_CAMERA_OWNER_KINDS)})),
  owner_name text NOT NULL,
  owner_phone text NOT NULL,
  address text NOT NULL,
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  bearing_deg double precision NOT NULL CHECK (bearing_deg >= 0 AND bearing_deg <= 360),
  fov_deg double precision NOT NULL CHECK (fov_deg > 0 AND fov_deg <= 360),
  range_m double precision NOT NULL CHECK (range_m > 0 AND range_m <= ${PRIVATE_CAMERA_MAX_RANGE_M}),
  faces_street boolean NOT NULL,
  recorder_kind text CHECK (recorder_kind IN (${list(PRIVATE_CAMERA_RECORDER_KINDS)})),
  recorder_brand text,
  recording_days integer CHECK (recording_days >= 0),
  consent_date date NOT NULL,
  consent_scope text NOT NULL CHECK (consent_scope IN (${list(PRIVATE_CAMERA_CONSENT_SCOPES)})),
  registered_by text NOT NULL,
  registered_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  -- Brand and days kept describe a recorder: none without one.
  CHECK (recorder_kind IS NOT NULL OR (recorder_brand IS NULL AND recording_days IS NULL))
);
CREATE INDEX private_cameras_unit_idx ON private_cameras (unit_id);
-- Bounding-box lists and "which cameras near this point": lat first, lon filtered in the scan.
CREATE INDEX private_cameras_position_idx ON private_cameras (lat, lon);
`,
    ),
};
