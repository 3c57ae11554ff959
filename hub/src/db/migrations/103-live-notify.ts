import type { Migration } from '../migrate.ts';

/**
 * Wakes every hub's live feed when a status change or an alert change commits: one NOTIFY per
 * statement (a batch of 500 status changes sends one), on channel `camwatch_live`, whose
 * payload names only what changed (`camera`, `station`, `alert`). The feeds then read the
 * rows themselves, so a notification never needs to carry data and a lost one costs only
 * latency (the feeds also poll, slowly). PostgreSQL sends NOTIFY at commit and folds identical
 * ones within a transaction. The names are written out here, not imported: a released
 * migration does not change when code does (the live-feed tests hold the two together).
 */
export const liveNotify: Migration = {
  version: 103,
  name: 'live-notify',
  up: async (db) => {
    await db.query(`CREATE FUNCTION camwatch_live_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('camwatch_live', TG_ARGV[0]); RETURN NULL; END $$`);
    // Inserts only: every status change opens a new interval, closing the old one is part of the same change.
    await db.query(`CREATE TRIGGER camera_status_intervals_live AFTER INSERT ON camera_status_intervals
      FOR EACH STATEMENT EXECUTE FUNCTION camwatch_live_notify('camera')`);
    await db.query(`CREATE TRIGGER station_status_intervals_live AFTER INSERT ON station_status_intervals
      FOR EACH STATEMENT EXECUTE FUNCTION camwatch_live_notify('station')`);
    await db.query(`CREATE TRIGGER alerts_live AFTER INSERT OR UPDATE ON alerts
      FOR EACH STATEMENT EXECUTE FUNCTION camwatch_live_notify('alert')`);
  },
};
