import { describe, expect, it } from 'vitest';
import { judgePrivateLayer, PRIVATE_GOAL, runPrivateMapBench } from '../src/bench/map-bench-private.ts';
import { judge } from '../src/bench/map-bench.ts';

const SHORT_TOUR = [
  { op: 'pan' as const, dx: 300, dy: 0 },
  { op: 'zoom' as const, z: 11 },
  { op: 'pan' as const, dx: -300, dy: 150 },
  { op: 'zoom' as const, z: 13 },
  { op: 'pan' as const, dx: 200, dy: -200 },
  { op: 'zoom' as const, z: 10 },
];

/** The map bench's private-camera case (issue 16 item 6): its verdict, and that it can fail. */
describe('map bench, private cameras', () => {
  it('names each miss of the layer’s own goal', () => {
    const fine = { layerMs: PRIVATE_GOAL.layerMs / 2, layerTransferKB: 100, layerDecodedKB: 500, shown: 3000, total: 3000 };
    expect(judgePrivateLayer(fine)).toEqual([]);
    expect(judgePrivateLayer({ ...fine, layerMs: 1500 })).toEqual([expect.stringContaining('drawn 1500 ms')]);
    expect(judgePrivateLayer({ ...fine, layerTransferKB: 900 })).toEqual([expect.stringContaining('900 KB')]);
    expect(judgePrivateLayer({ ...fine, shown: 2000 })).toEqual([expect.stringContaining('shows 2000 of 3000')]);
    expect(judgePrivateLayer({ ...fine, total: Number.NaN })).toEqual([expect.stringContaining('unknown number')]);
    expect(judgePrivateLayer(undefined)).toEqual(['the private layer was not measured']);
  });

  it('loads every private camera into the layer and fails it when its canvas stalls 100 ms at every redraw', async () => {
    const result = await runPrivateMapBench({ privateCameras: 3000, pages: ['layerOn'], tour: SHORT_TOUR, slowPrivateEvery: 1 });
    const figures = result.pages.layerOn!;
    expect(result.privateCameras).toBe(3000);
    expect(figures.extra).toMatchObject({ shown: 3000, total: 3000 });
    expect(figures.extra!.layerTransferKB).toBeGreaterThan(0);
    // The fault fired on the private layer's canvas during the tour, and the verdict saw the stalls.
    expect(figures.slowedRedraws).toBeGreaterThanOrEqual(SHORT_TOUR.length / 2);
    expect(judge(figures)).toContainEqual(expect.stringContaining('worst frame'));
  }, 240_000);
});
