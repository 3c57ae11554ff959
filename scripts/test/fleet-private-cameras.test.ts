import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInventoryYaml, parsePrivateCameraCsv, viewCovers, type PrivateCameraImportResult } from '@camwatch/config';
import { createHub, hashPassword, UserRepository, type Hub } from '@camwatch/hub';
import { PostgresServer } from '@camwatch/testkit';
import { generateFleet } from '../src/fleet/generate-fleet.ts';
import { geographyFor } from '../src/fleet/geography.ts';
import { generatePrivateCameras, privateCameraCounts, privateCameraCountsForTotal } from '../src/fleet/private-cameras.ts';
import { createRng } from '../src/fleet/prng.ts';
import { containsPoint } from '../src/fleet/road-network.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'scripts/src/fleet/cli.ts');
const PASSWORD = 'mat-khau-thu-nghiem-1';

/**
 * Issue 16 "Done when": the fleet generator adds a seeded set of private cameras in proportion to
 * the province's figures, and writes them as a commune spreadsheet the hub's import accepts.
 */
describe('private cameras of the generated fleet', () => {
  it('match the police figures at the real fleet size and scale with it', () => {
    const real = privateCameraCounts(1696);
    expect(real.households).toBe(5572);
    expect(real.householdsFacingRoad).toBe(231);
    expect(real.business + real.agency).toBe(17_110);
    // ≈13 private cameras per programme camera.
    expect((real.households + real.business + real.agency) / 1696).toBeCloseTo(13.37, 1);
    const tenth = privateCameraCounts(170);
    expect(tenth.households).toBe(Math.round(5572 * (170 / 1696)));
  });

  it('can be asked for an exact total in the same proportions (the map bench’s 25,000)', () => {
    for (const total of [25_000, 7, 22_683]) {
      const n = privateCameraCountsForTotal(total);
      expect(n.households + n.business + n.agency).toBe(total);
      expect(n.households).toBe(Math.round((5572 / 22_682) * total));
      expect(n.householdsFacingRoad).toBe(Math.round((231 / 22_682) * total));
    }
    const { cameras, summary } = generatePrivateCameras(geographyFor(), 1696, createRng(1).fork('private-cameras'), 500);
    expect(cameras).toHaveLength(500);
    expect(summary.total).toBe(500);
  });

  it('are deterministic for a seed, lie inside their commune and face the street as their kind says', () => {
    const geo = geographyFor();
    const a = generatePrivateCameras(geo, 340, createRng(3).fork('private-cameras'));
    const b = generatePrivateCameras(geo, 340, createRng(3).fork('private-cameras'));
    expect(b.cameras).toEqual(a.cameras);
    const communes = new Map(geo.communes.map((c) => [c.id, c]));
    for (const c of a.cameras) expect(containsPoint(communes.get(c.unitId)!, c.lon, c.lat), `${c.unitId} ${c.lat},${c.lon}`).toBe(true);
    const facing = a.cameras.filter((c) => c.facesStreet);
    expect(facing.length).toBe(a.summary.householdsFacingRoad + a.summary.business + a.summary.agency);
    // A camera facing the street sees a point 10 m straight along its bearing; one facing its yard has a short range.
    for (const c of facing.slice(0, 50)) {
      const rad = (c.bearingDeg * Math.PI) / 180;
      const ahead = {
        lat: c.lat + (10 * Math.cos(rad)) / 110_574,
        lon: c.lon + (10 * Math.sin(rad)) / (111_320 * Math.cos((c.lat * Math.PI) / 180)),
      };
      expect(viewCovers(c, ahead)).toBe(true);
    }
    expect(a.cameras.filter((c) => !c.facesStreet).every((c) => c.rangeM <= 15)).toBe(true);
  });

  describe('pnpm fleet generate --private-cameras, imported by a hub', () => {
    let dir: string;
    let postgres: PostgresServer;
    let hub: Hub;
    let token = '';

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'camwatch-private-'));
      postgres = await new PostgresServer().start();
      hub = await createHub({
        databaseUrl: postgres.url,
        dataDir: join(dir, 'hub'),
        httpPort: 0,
        mqttPort: 0,
        hubId: 'private',
        clockBeaconMs: null,
        logger: pino({ level: 'silent' }),
        api: { bootstrapAdmin: false, alerts: false },
      });
      await new UserRepository(hub.db).create({
        username: 'tinh',
        displayName: 'Công an tỉnh',
        role: 'province_admin',
        unitIds: [],
        passwordHash: await hashPassword(PASSWORD),
      });
      const login = await fetch(`${hub.httpUrl}/api/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'tinh', password: PASSWORD }),
      });
      token = ((await login.json()) as { token: string }).token;
    }, 180_000);

    afterAll(async () => {
      await hub?.stop();
      await postgres?.destroy();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('writes a CSV of the counted cameras that the import takes whole', { timeout: 180_000 }, async () => {
      const out = join(dir, 'fleet');
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', cli, 'generate', '--seed', '2', '--cameras', '170', '--out', out, '--private-cameras'],
        {
          cwd: root,
          timeout: 120_000,
        },
      );
      const summary = JSON.parse(stdout.trimEnd().split('\n').at(-1)!) as { cameras: number; privateCameras: Record<string, number> };
      const expected = privateCameraCounts(summary.cameras);
      expect(summary.privateCameras).toEqual({ total: expected.households + expected.business + expected.agency, ...expected });
      // The programme fleet is the same with or without private cameras.
      expect(parseInventoryYaml(await readFile(join(out, 'inventory.yaml'), 'utf8'), 'inventory.yaml')).toEqual(
        generateFleet({ seed: 2, cameras: 170 }).inventory,
      );

      const csv = await readFile(join(out, 'private-cameras.csv'), 'utf8');
      expect(parsePrivateCameraCsv(csv)).toMatchObject({ issues: [], total: summary.privateCameras.total });
      await hub.importInventory(generateFleet({ seed: 2, cameras: 170 }).inventory);
      const res = await fetch(`${hub.httpUrl}/api/private-cameras/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ format: 'csv', data: csv }),
      });
      expect(res.status).toBe(200);
      const result = (await res.json()) as PrivateCameraImportResult;
      expect(result).toEqual({ rows: summary.privateCameras.total, imported: summary.privateCameras.total, skipped: 0, issues: [] });
      const kinds = await hub.db.query<{ owner_kind: string; faces: boolean; n: number }>(
        `SELECT owner_kind, faces_street AS faces, count(*)::int AS n FROM private_cameras GROUP BY 1, 2 ORDER BY 1, 2`,
      );
      expect(kinds.rows).toEqual([
        { owner_kind: 'agency', faces: true, n: expected.agency },
        { owner_kind: 'business', faces: true, n: expected.business },
        { owner_kind: 'household', faces: false, n: expected.households - expected.householdsFacingRoad },
        { owner_kind: 'household', faces: true, n: expected.householdsFacingRoad },
      ]);
    });
  });
});
