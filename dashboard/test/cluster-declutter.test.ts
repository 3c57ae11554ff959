import { describe, expect, it } from 'vitest';
import { boxesOverlap, clusterBox, clusterRadius, declutterClusters, type DrawnCluster } from '../src/map/cluster-declutter.ts';
import { mulberry32 } from '@camwatch/testkit';

describe('declutterClusters', () => {
  it('leaves no two cluster icons overlapping and keeps every camera, the worst status and the down count', () => {
    const random = mulberry32(7);
    const input: DrawnCluster[] = Array.from({ length: 150 }, (_, k) => ({
      x: random() * 1366,
      y: random() * 768,
      c: Math.floor(random() * 400),
      w: Math.floor(random() * 4),
      d: Math.floor(random() * 5),
      clusterId: k,
    }));
    const out = declutterClusters(input);
    const boxes = out.map((c) => clusterBox(c.x, c.y, clusterRadius(c.c)));
    for (let a = 0; a < boxes.length; a++)
      for (let b = a + 1; b < boxes.length; b++) expect(boxesOverlap(boxes[a]!, boxes[b]!)).toBe(false);
    const sum = (xs: DrawnCluster[], key: 'c' | 'd') => xs.reduce((n, x) => n + x[key], 0);
    expect(sum(out, 'c')).toBe(sum(input, 'c'));
    expect(sum(out, 'd')).toBe(sum(input, 'd'));
    expect(Math.max(...out.map((c) => c.w))).toBe(Math.max(...input.map((c) => c.w)));
    expect(out.length).toBeLessThan(input.length);
  });

  it('does not touch clusters that are apart', () => {
    const input = [
      { x: 100, y: 100, c: 5, w: 0, d: 0, clusterId: 1 },
      { x: 300, y: 100, c: 7, w: 3, d: 1, clusterId: 2 },
    ];
    expect(declutterClusters(input).sort((a, b) => a.clusterId - b.clusterId)).toEqual(input);
  });
});
