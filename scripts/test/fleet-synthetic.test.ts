import { checkIntegrity } from '@camwatch/config';
import { describe, expect, it } from 'vitest';
import { fleetCounts, generateFleet } from '../src/fleet/generate-fleet.ts';

describe('synthetic fleet (--cameras N)', () => {
  it('makes 100,000 cameras with unique ids on stations of 1 to 4 cameras in the same province', () => {
    const { inventory: inv, summary } = generateFleet({ seed: 7, cameras: 100_000 });
    expect(inv.cameras).toHaveLength(100_000);
    expect(summary.cameras).toBe(100_000);
    expect(new Set(inv.cameras.map((c) => c.id)).size).toBe(100_000);
    expect(new Set(inv.stations.map((s) => s.id)).size).toBe(inv.stations.length);
    // Stations scale with the real ratio of 670 stations to 1,696 cameras.
    expect(inv.stations.length).toBe(Math.round((670 * 100_000) / 1696));
    const per = new Map<string, number>();
    for (const c of inv.cameras) per.set(c.stationId, (per.get(c.stationId) ?? 0) + 1);
    expect(per.size).toBe(inv.stations.length);
    expect(Math.max(...per.values())).toBeLessThanOrEqual(4);
    expect(new Set(inv.cameras.map((c) => c.rtspUrl)).size).toBe(100_000);
    expect(checkIntegrity(inv)).toEqual([]);
    expect(inv.units).toHaveLength(1 + 15 + 192);
  });

  it('keeps counts consistent for small and odd sizes', () => {
    for (const cameras of [1, 2, 5, 17, 333, 1696, 2500]) {
      const counts = fleetCounts(cameras, 192);
      expect(counts.stations).toBeGreaterThanOrEqual(Math.ceil(cameras / 4));
      expect(counts.stations).toBeLessThanOrEqual(cameras);
      expect(counts.equipped).toBeLessThanOrEqual(counts.stations);
    }
    const tiny = generateFleet({ seed: 3, cameras: 5 });
    expect(tiny.inventory.cameras).toHaveLength(5);
    expect(tiny.summary.equipped).toBe(tiny.inventory.stations.length);
  });

  it('rejects a seed or size that is not a sensible integer', () => {
    expect(() => generateFleet({ seed: 1.5 })).toThrow(/seed/);
    expect(() => generateFleet({ seed: 1, cameras: 0 })).toThrow(/cameras/);
    expect(() => generateFleet({ seed: 1, cameras: 2_000_000 })).toThrow(/cameras/);
  });
});
