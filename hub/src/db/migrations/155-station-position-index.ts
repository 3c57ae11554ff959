import type { Migration } from '../migrate.ts';
import { runSql } from '../migrate.ts';

/**
 * "Who could have seen it" (issue 16 item 3) first keeps the stations inside a box around the
 * spot (the spot ± the longest camera range): an index on position keeps that a range scan
 * however large the fleet grows. Latitude leads: the box is narrow in both directions and
 * latitude is the more selective of the two in a north–south province.
 */
export const stationPositionIndex: Migration = {
  version: 155,
  name: 'station-position-index',
  up: (db) => runSql(db, `CREATE INDEX stations_position_idx ON stations (lat, lon);`),
};
