import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate, type ProgrammeReport } from '@camwatch/config';
import { createHub, hashPassword, UserRepository, type Hub } from '@camwatch/hub';
import { PostgresServer } from '@camwatch/testkit';
import { generateFleet } from '../src/fleet/generate-fleet.ts';

const PASSWORD = 'mat-khau-thu-nghiem-1';

/**
 * Issue 14 item 5 on the simulated Long An fleet: the programme report of a hub that imported
 * `generateFleet({ seed: 1 })` through the real HTTP API and PostgreSQL. Its header line must be
 * the police's own figures (112/192 communes and wards with cameras, 670 stations, 1,696
 * cameras); the CSV's header line and one district are printed for the closing note.
 */
describe('the programme report of the simulated Long An fleet', () => {
  let dir: string;
  let postgres: PostgresServer;
  let hub: Hub;
  let token = '';
  const fleet = generateFleet({ seed: 1 });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'camwatch-programme-'));
    postgres = await new PostgresServer().start();
    hub = await createHub({
      databaseUrl: postgres.url,
      dataDir: join(dir, 'hub'),
      httpPort: 0,
      mqttPort: 0,
      hubId: 'programme',
      clockBeaconMs: null,
      logger: pino({ level: 'silent' }),
      api: { bootstrapAdmin: false, alerts: false },
    });
    await hub.importInventory(fleet.inventory);
    await new UserRepository(hub.db).create({
      username: 'tinh',
      displayName: 'Phòng XDPT',
      role: 'province_viewer',
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

  const get = (path: string) => fetch(`${hub.httpUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('heads with the police figures and rolls every district up from its communes', async () => {
    const query = `period=month&date=${localDate(Date.now())}`;
    const res = await get(`/api/reports/programme?${query}`);
    expect(res.status).toBe(200);
    const r = (await res.json()) as ProgrammeReport;
    const top = r.units[0]!;
    expect([top.unitsWithStations, top.leafUnits, top.stations, top.cameras]).toEqual([
      fleet.summary.equipped,
      fleet.summary.communes,
      fleet.summary.stations,
      fleet.summary.cameras,
    ]);
    expect([top.unitsWithStations, top.leafUnits, top.stations, top.cameras]).toEqual([112, 192, 670, 1696]);
    const districts = r.units.filter((u) => u.depth === 1);
    expect(districts).toHaveLength(fleet.summary.districts);
    for (const key of ['unitsWithStations', 'leafUnits', 'stations', 'cameras'] as const)
      expect(
        districts.reduce((n, d) => n + d[key], 0),
        key,
      ).toBe(top[key]);
    expect(r.roads.reduce((n, g) => n + g.stations, 0)).toBeGreaterThan(0);
    // The generator tags the 20 border communes: the report's border group counts them and their stations.
    const borderUnits = new Set(fleet.inventory.units.filter((u) => u.border).map((u) => u.id));
    expect(r.border.leafUnits).toBe(20);
    expect(r.border.stations).toBe(fleet.inventory.stations.filter((s) => borderUnits.has(s.unitId)).length);

    const csv = (await (await get(`/api/reports/programme.csv?${query}`)).text()).replace(/^\uFEFF/, '').split('\r\n');
    // The first district and its communes (the rows right after it, one level deeper).
    const district = districts[0]!;
    const ids = new Set([district.unitId, ...r.units.filter((u) => u.parentId === district.unitId).map((u) => u.unitId)]);
    const lines = [csv[0], csv[1], ...csv.filter((l) => ids.has(l.split(',')[1] ?? ''))];
    console.log(`programme report, Long An fleet seed 1, ${r.from}..${r.to}:\n${lines.join('\n')}`);
    const html = await get(`/api/reports/programme.html?${query}`);
    expect(await html.text()).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  }, 120_000);
});
