import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareAgentVersions, type FleetVersions, type StationDetail } from '@camwatch/config';
import { SampleRepository } from '../src/ingest/sample-repository.ts';
import { startHarness, type Harness } from './api-support/api-harness.ts';
import { StationScript } from './support/fixtures.ts';

const T0 = Date.parse('2026-11-01T00:00:00Z');
const MIN = 60_000;

describe('fleet versions: from the stations births, per station and across the area', () => {
  let h: Harness;
  const samples = new SampleRepository();
  /** Stores a birth the way the ingest writer does (same repository, same columns). */
  async function birth(stationId: string, version: string, ts: number) {
    const payload = { ...new StationScript(stationId, `boot-${ts}`).birth(ts), agentVersion: version };
    await samples.insert(h.db, 'birth', [{ kind: 'birth', stationId, receivedAt: ts, retained: false, payload }]);
  }
  const versions = async (user: string) => {
    const res = await h.request('GET', '/api/fleet/versions', { user });
    expect(res.statusCode).toBe(200);
    return res.json() as FleetVersions;
  };
  const detail = async (id: string) => (await h.request('GET', `/api/stations/${id}`, { user: 'admin' })).json() as StationDetail;

  beforeAll(async () => {
    h = await startHarness({ liveFeedPollMs: null });
  });
  afterAll(() => h?.close());

  it('orders versions numerically, a pre-release before its release', () => {
    const sorted = ['1.10.0', '1.9.3', '1.10.0-rc.2', '0.9', '1.10.0-rc.10', 'weird'].sort(compareAgentVersions);
    expect(sorted).toEqual(['weird', '0.9', '1.9.3', '1.10.0-rc.2', '1.10.0-rc.10', '1.10.0']);
  });

  it('gives a station no version before any birth, then the latest birth’s version since it changed', async () => {
    expect(await detail('ST-C1-A')).toMatchObject({ agentVersion: null, agentVersionSince: null });
    await birth('ST-C1-A', '1.2.0', T0);
    await birth('ST-C1-A', '1.2.0', T0 + 10 * MIN); // a reconnect: same version, the since stays
    expect(await detail('ST-C1-A')).toMatchObject({ agentVersion: '1.2.0', agentVersionSince: T0 });
    await birth('ST-C1-A', '1.3.0', T0 + 20 * MIN);
    await birth('ST-C1-A', '1.3.0', T0 + 30 * MIN);
    expect(await detail('ST-C1-A')).toMatchObject({ agentVersion: '1.3.0', agentVersionSince: T0 + 20 * MIN });
    // A rollback is a change too: since is the first birth of the current run, not of the version's first ever.
    await birth('ST-C1-A', '1.2.0', T0 + 40 * MIN);
    expect(await detail('ST-C1-A')).toMatchObject({ agentVersion: '1.2.0', agentVersionSince: T0 + 40 * MIN });
    await birth('ST-C1-A', '1.3.0', T0 + 50 * MIN);
    expect(await detail('ST-C1-A')).toMatchObject({ agentVersion: '1.3.0', agentVersionSince: T0 + 50 * MIN });
  });

  it('counts versions across the area, lists the stations behind the newest and those never reported', async () => {
    // ST-C1-A runs 1.3.0 (above); ST-C2-A and ST-C3-A lag on 1.2.0 and 1.10.0 is newer than both; ST-C1-B never said.
    await birth('ST-C2-A', '1.3.0', T0);
    await birth('ST-C2-A', '1.2.0', T0 + 5 * MIN);
    await birth('ST-C3-A', '1.10.0', T0 + 6 * MIN);

    const all = await versions('admin');
    expect(all.newestVersion).toBe('1.10.0');
    expect(all.stations).toBe(4);
    expect(all.versions).toEqual([
      { version: '1.10.0', stations: 1 },
      { version: '1.3.0', stations: 1 },
      { version: '1.2.0', stations: 1 },
    ]);
    expect(all.outdated.map((s) => [s.stationId, s.agentVersion, s.agentVersionSince])).toEqual([
      ['ST-C1-A', '1.3.0', T0 + 50 * MIN],
      ['ST-C2-A', '1.2.0', T0 + 5 * MIN],
    ]);
    expect(all.unknown).toEqual([
      { stationId: 'ST-C1-B', name: expect.any(String), unitId: 'C1', agentVersion: null, agentVersionSince: null },
    ]);
  });

  it('keeps to the caller’s area, yet measures “outdated” against the whole fleet’s newest', async () => {
    const d1 = await versions('district1'); // C1 and C2
    expect(d1.stations).toBe(3);
    expect(d1.newestVersion).toBe('1.10.0');
    expect(d1.versions).toEqual([
      { version: '1.3.0', stations: 1 },
      { version: '1.2.0', stations: 1 },
    ]);
    expect(d1.outdated.map((s) => s.stationId)).toEqual(['ST-C1-A', 'ST-C2-A']);
    expect(d1.unknown.map((s) => s.stationId)).toEqual(['ST-C1-B']);
    const tech = await versions('tech2'); // C2 only
    expect(tech.versions).toEqual([{ version: '1.2.0', stations: 1 }]);
    expect(tech.outdated.map((s) => s.stationId)).toEqual(['ST-C2-A']);
    expect(tech.unknown).toEqual([]);
    expect((await h.request('GET', '/api/fleet/versions', { user: 'commune1' })).statusCode).toBe(403);
  });

  it('forgets a retired station', async () => {
    const res = await h.request('POST', '/api/stations/ST-C3-A/retire', { user: 'admin', body: {} });
    expect(res.statusCode).toBe(200);
    const all = await versions('admin');
    expect(all.newestVersion).toBe('1.3.0');
    expect(all.outdated.map((s) => s.stationId)).toEqual(['ST-C2-A']);
  });
});
