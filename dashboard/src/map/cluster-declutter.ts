/**
 * Clusters as drawn: supercluster joins points within a radius of a seed, but the clusters it
 * returns can still sit closer than two discs are wide (a disc with its status badge is up to
 * ~52 px across). Overlapping icons hide each other's counts, so they are merged here, in
 * screen space, until no two overlap: the merged cluster sums the counts and keeps the worst status.
 */
export interface DrawnCluster {
  x: number;
  y: number;
  /** Camera count, worst severity, down cameras: as in StationIndex's ClusterProps. */
  c: number;
  w: number;
  d: number;
  clusterId: number;
}

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Three disc sizes only: each distinct size is a font change on the canvas. */
export function clusterRadius(count: number): number {
  return count < 100 ? 15 : count < 1000 ? 19 : 23;
}

/** Status ring (4 px wide, half outside) and the badge at the upper right (marker radius 8, 2 px halo). */
export function clusterBox(x: number, y: number, r: number): Box {
  return { left: x - r - 2, top: y - 0.75 * r - 10, right: x + 0.75 * r + 10, bottom: y + r + 2 };
}

export function boxesOverlap(a: Box, b: Box, margin = 0): boolean {
  return a.left < b.right + margin && b.left < a.right + margin && a.top < b.bottom + margin && b.top < a.bottom + margin;
}

const GAP_PX = 2;

export function declutterClusters(input: readonly DrawnCluster[]): DrawnCluster[] {
  const items = [...input].sort((a, b) => b.c - a.c).map((c) => ({ ...c }));
  const boxOf = (c: DrawnCluster) => clusterBox(c.x, c.y, clusterRadius(c.c));
  // Each pass merges into a cluster everything its (growing) icon touches; passes repeat until
  // one changes nothing: O(n²) a pass, a few passes, for the few hundred clusters in view.
  for (let changed = true; changed;) {
    changed = false;
    for (let a = 0; a < items.length; a++) {
      const p = items[a]!;
      for (let b = a + 1; b < items.length;) {
        const q = items[b]!;
        if (!boxesOverlap(boxOf(p), boxOf(q), GAP_PX)) {
          b++;
          continue;
        }
        // Weighted by cameras (at least 1, so a cluster of camera-less stations still counts).
        const wp = Math.max(p.c, 1);
        const wq = Math.max(q.c, 1);
        p.x = (p.x * wp + q.x * wq) / (wp + wq);
        p.y = (p.y * wp + q.y * wq) / (wp + wq);
        p.c += q.c;
        p.w = Math.max(p.w, q.w);
        p.d += q.d;
        items.splice(b, 1);
        changed = true;
        // p moved and may have grown: look again at every cluster after it.
        b = a + 1;
      }
    }
  }
  return items;
}
