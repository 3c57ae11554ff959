import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/db.ts';
import { CameraOwnerRepository } from '../src/ingest/camera-owner-repository.ts';
import { CameraOwners } from '../src/ingest/camera-owners.ts';
import { postgresTarget } from './support/databases.ts';

/**
 * Every hub refreshes the camera owners each sweep; at 100,000 cameras reading them all each time
 * cost a starved hub as much as its ingest. It now reloads only when the digest says they changed.
 */
describe('camera owners refresh', () => {
  const target = postgresTarget();
  let db: Db;

  beforeAll(async () => {
    db = await target.open();
    await db.query(`INSERT INTO units (id, name, kind) VALUES ('U-OWN', 'Own', 'commune')`);
    await db.query(`INSERT INTO stations (id, unit_id, name, address, lat, lon, installed_at, funding)
      VALUES ('OWN-A', 'U-OWN', 'A', 'a', 10.5, 106.4, '2024-01-01', 'community'), ('OWN-B', 'U-OWN', 'B', 'b', 10.5, 106.4, '2024-01-01', 'community')`);
  });
  afterAll(() => target.stop());

  const addCamera = (id: string, stationId: string) =>
    db.query(`INSERT INTO cameras (id, station_id, make, model, bearing_deg, fov_deg, range_m) VALUES ($1, $2, 'x', 'y', 0, 90, 30)`, [
      id,
      stationId,
    ]);

  it('reloads the owners only after a camera was added, moved or retired', async () => {
    const repo = new CameraOwnerRepository(db);
    let loads = 0;
    const load = repo.activeOwners.bind(repo);
    repo.activeOwners = () => (loads++, load());
    const owners = new CameraOwners(repo);
    await addCamera('OWN-A-C1', 'OWN-A');
    await owners.refresh();
    await owners.refresh();
    expect(loads).toBe(1);
    expect(owners.otherOwner('OWN-A-C1', 'OWN-B')).toBe('OWN-A');

    await addCamera('OWN-B-C1', 'OWN-B');
    await owners.refresh();
    expect(loads).toBe(2);
    expect(owners.otherOwner('OWN-B-C1', 'OWN-A')).toBe('OWN-B');

    await db.query(`UPDATE cameras SET station_id = 'OWN-B' WHERE id = 'OWN-A-C1'`);
    await owners.refresh();
    expect(loads).toBe(3);
    expect(owners.otherOwner('OWN-A-C1', 'OWN-B')).toBeNull();

    await db.query(`UPDATE cameras SET retired_at = now() WHERE id = 'OWN-B-C1'`);
    await owners.refresh();
    await owners.refresh();
    expect(loads).toBe(4);
    expect(owners.otherOwner('OWN-B-C1', 'OWN-A')).toBeNull();
  });
});
