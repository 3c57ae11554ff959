import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetBudget, StationDetail } from '@camwatch/config';
import { loadFacts } from '../src/alerts/alert-facts.ts';
import { AlertRepository } from '../src/alerts/alert-repository.ts';
import { SampleRepository } from '../src/ingest/sample-repository.ts';
import { startHarness, type Harness } from './api-support/api-harness.ts';
import { StationScript } from './support/fixtures.ts';

const MB = 1_000_000;
const DAY = 86_400_000;

describe('byte budgets at the hub: stored from station health, stations short of it listed by area', () => {
  let h: Harness;
  const samples = new SampleRepository();
  /** Stores a health sample the way the ingest writer does (same repository, same columns). */
  async function health(
    stationId: string,
    ts: number,
    fields: { sent: number; budget?: number; projected?: number; mode?: 'full' | 'reduced' | 'on_change' },
  ) {
    const payload = {
      ...new StationScript(stationId).health(ts),
      bytesSentToday: fields.sent,
      ...(fields.budget === undefined ? {} : { byteBudget: fields.budget }),
      ...(fields.projected === undefined ? {} : { bytesProjectedToday: fields.projected }),
      ...(fields.mode === undefined ? {} : { snapshotMode: fields.mode }),
    };
    await samples.insert(h.db, 'health', [{ kind: 'health', stationId, receivedAt: ts, retained: false, payload }]);
  }
  const budget = async (user: string) => {
    const res = await h.request('GET', '/api/fleet/budget', { user });
    expect(res.statusCode).toBe(200);
    return (res.json() as FleetBudget).items;
  };

  beforeAll(async () => {
    h = await startHarness({ liveFeedPollMs: null });
  });
  afterAll(() => h?.close());

  it('stores the budget fields of health, and null for an agent that sends none', async () => {
    const now = Date.now();
    await health('ST-C3-A', now - 1_000, { sent: 3 * MB });
    await health('ST-C1-A', now - 1_000, { sent: 5 * MB, budget: 20 * MB, projected: 12 * MB, mode: 'reduced' });
    const rows = await h.db.query<{
      station_id: string;
      byte_budget: string | null;
      bytes_projected_today: string | null;
      snapshot_mode: string | null;
    }>(
      `SELECT station_id, byte_budget, bytes_projected_today, snapshot_mode FROM health_samples WHERE station_id IN ('ST-C1-A', 'ST-C3-A') ORDER BY station_id`,
    );
    expect(rows.rows).toEqual([
      { station_id: 'ST-C1-A', byte_budget: 20 * MB, bytes_projected_today: 12 * MB, snapshot_mode: 'reduced' },
      { station_id: 'ST-C3-A', byte_budget: null, bytes_projected_today: null, snapshot_mode: null },
    ]);
    // Within budget and projected within it: not listed; no budget reported: not listed.
    expect(await budget('admin')).toEqual([]);
  });

  it('lists stations over budget first, then those projected over it or down to on-change snapshots, each only in its area', async () => {
    const now = Date.now();
    await health('ST-C2-A', now - 2_000, { sent: 21 * MB, budget: 20 * MB, projected: 25 * MB, mode: 'on_change' });
    await health('ST-C1-A', now - 500, { sent: 15 * MB, budget: 20 * MB, projected: 22 * MB, mode: 'reduced' });
    await health('ST-C3-A', now - 200, { sent: 19 * MB, budget: 20 * MB, projected: 19.5 * MB, mode: 'on_change' });
    // Over budget yesterday says nothing about today (the agent's count restarts at local midnight).
    await health('ST-C1-B', now - DAY - 1_000, { sent: 30 * MB, budget: 20 * MB, projected: 30 * MB, mode: 'on_change' });

    const all = await budget('admin');
    expect(all.map((s) => [s.stationId, s.over, s.atRisk])).toEqual([
      ['ST-C2-A', true, false],
      ['ST-C1-A', false, true],
      ['ST-C3-A', false, true],
    ]);
    expect(all[0]).toMatchObject({ bytesSentToday: 21 * MB, byteBudget: 20 * MB, bytesProjectedToday: 25 * MB, snapshotMode: 'on_change' });
    // Scoped by area: commune 1 sees only its station, the technician of commune 2 only that one.
    expect((await budget('commune1')).map((s) => s.stationId)).toEqual(['ST-C1-A']);
    expect((await budget('tech2')).map((s) => s.stationId)).toEqual(['ST-C2-A']);
    // The station panel shows bytes/day from the same latest health.
    const panel = (await h.request('GET', '/api/stations/ST-C2-A', { user: 'admin' })).json() as StationDetail;
    expect(panel.health).toMatchObject({ bytesSentToday: 21 * MB, byteBudget: 20 * MB, snapshotMode: 'on_change' });
  });

  it('warns through the alert engine (rule byte_budget, 100 % by default) when a station’s day is projected past its budget', async () => {
    const rules = await new AlertRepository(h.db).rules(h.db);
    const rule = rules.find((r) => r.id === 'byte_budget')!;
    expect(rule).toMatchObject({ enabled: true, severity: 'warning', threshold: 100 });
    // Stations are judged only while online (like disk_full): make them so.
    await h.db.query(
      `INSERT INTO station_liveness (station_id, state, last_seen_at, changed_at) SELECT id, 'online', now(), now() FROM stations
       ON CONFLICT (station_id) DO UPDATE SET state = 'online'`,
    );
    const facts = await loadFacts(h.db, new Map(rules.map((r) => [r.id, r])), Date.now());
    const budgetAlerts = facts.conditions.filter((c) => c.rule === 'byte_budget');
    // ST-C2-A 125 % and ST-C1-A 110 % of budget; ST-C3-A at 97.5 % is not; yesterday's ST-C1-B says nothing now.
    expect(budgetAlerts.map((c) => c.stationId).sort()).toEqual(['ST-C1-A', 'ST-C2-A']);
    const c2 = budgetAlerts.find((c) => c.stationId === 'ST-C2-A')!;
    expect(JSON.stringify(c2)).toContain('125%');
  });
});
