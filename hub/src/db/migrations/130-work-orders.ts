import { FUNDING, WORK_ORDER_OPEN_STATES, WORK_ORDER_PRIORITIES, WORK_ORDER_STATES } from '@camwatch/config';
import type { Migration } from '../migrate.ts';
import { runSql } from '../migrate.ts';

const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');

/**
 * Repair work orders (phiếu sửa chữa) and their state history, and the border flag of units
 * (priority of repairs in border communes). `fault_key` is what an order repairs (`camera:<id>`
 * or `station:<id>`): the partial unique index lets a fault hold one open order at a time, so a
 * flapping camera or two hubs racing cannot open a second one. The unit is not stored: an order
 * follows its station when the station moves to another unit.
 */
export const workOrders: Migration = {
  version: 130,
  name: 'work-orders',
  up: (db) =>
    runSql(
      db,
      `
ALTER TABLE units ADD COLUMN border boolean NOT NULL DEFAULT false;

CREATE TABLE work_orders (
  id bigserial PRIMARY KEY,
  fault_key text NOT NULL,
  station_id text NOT NULL REFERENCES stations(id),
  camera_id text REFERENCES cameras(id),
  cause text,
  source text NOT NULL CHECK (source IN ('alert', 'manual')),
  alert_id bigint,
  state text NOT NULL CHECK (state IN (${list(WORK_ORDER_STATES)})),
  priority text NOT NULL CHECK (priority IN (${list(WORK_ORDER_PRIORITIES)})),
  assignee_user_id uuid REFERENCES users(id),
  assignee_name text,
  assignee_phone text,
  due_at timestamptz,
  notes text NOT NULL DEFAULT '',
  cost_vnd bigint CHECK (cost_vnd >= 0),
  payer text NOT NULL CHECK (payer IN (${list(FUNDING)})),
  before_snapshot_id bigint,
  after_snapshot_id bigint,
  opened_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  repaired_at timestamptz,
  verified_at timestamptz,
  reopen_count integer NOT NULL DEFAULT 0,
  opened_by text,
  -- A user, or a contractor with a name and phone, or nobody.
  CHECK (assignee_user_id IS NULL OR (assignee_name IS NULL AND assignee_phone IS NULL)),
  CHECK ((assignee_name IS NULL) = (assignee_phone IS NULL))
);
CREATE UNIQUE INDEX work_orders_one_open_per_fault_idx ON work_orders (fault_key) WHERE state IN (${list(WORK_ORDER_OPEN_STATES)});
CREATE INDEX work_orders_station_idx ON work_orders (station_id, opened_at DESC);
CREATE INDEX work_orders_fault_idx ON work_orders (fault_key, verified_at DESC);

CREATE TABLE work_order_events (
  id bigserial PRIMARY KEY,
  order_id bigint NOT NULL REFERENCES work_orders(id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  from_state text,
  to_state text NOT NULL,
  by_username text,
  note text NOT NULL DEFAULT ''
);
CREATE INDEX work_order_events_order_idx ON work_order_events (order_id, at);
`,
    ),
};
