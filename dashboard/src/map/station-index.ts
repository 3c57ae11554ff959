import { CAMERA_MAP_STATUSES, type CameraMapStatus } from '@camwatch/config/api';
import Supercluster, { type ClusterFeature, type PointFeature } from 'supercluster';
import type { MapStore } from './map-store.ts';

export interface LeafProps {
  i: number;
}
export interface ClusterProps {
  w: number;
  c: number;
  d: number;
}
export type IndexFeature = ClusterFeature<ClusterProps> | PointFeature<LeafProps>;

/** Severity → status, the inverse of statusSeverity (ok 0, degraded 1, unknown 2, down 3). */
const BY_SEVERITY: readonly CameraMapStatus[] = ['ok', 'degraded', 'unknown', 'down'];
export function statusOfSeverity(severity: number): CameraMapStatus {
  return BY_SEVERITY[severity] ?? 'unknown';
}

export const CLUSTER_MAX_ZOOM = 15;

/**
 * Supercluster over stations. Each cluster carries the worst status inside (w), its camera
 * count (c) and its down cameras (d), reduced while the tree is built. Live changes rebuild
 * the tree (≈100 ms for 40,000 stations), debounced; leaves read their status from the store
 * directly, so a single marker changes colour at once.
 */
export class StationIndex {
  private index: Supercluster<LeafProps, ClusterProps>;
  private readonly points: PointFeature<LeafProps>[];
  private rebuildTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly store: MapStore,
    private readonly onRebuilt: () => void,
  ) {
    const { lat, lon } = store.data.stations;
    this.points = lat.map((la, i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon[i]!, la] }, properties: { i } }));
    this.index = this.build();
  }

  clusters(bbox: [number, number, number, number], zoom: number): IndexFeature[] {
    return this.index.getClusters(bbox, Math.floor(zoom));
  }

  expansionZoom(clusterId: number): number {
    return this.index.getClusterExpansionZoom(clusterId);
  }

  scheduleRebuild(delayMs = 800): void {
    if (this.rebuildTimer) return;
    this.rebuildTimer = setTimeout(() => {
      this.rebuildTimer = null;
      this.index = this.build();
      this.onRebuilt();
    }, delayMs);
  }

  dispose(): void {
    if (this.rebuildTimer) clearTimeout(this.rebuildTimer);
  }

  private build(): Supercluster<LeafProps, ClusterProps> {
    const store = this.store;
    const cams = store.data.stations.cameraCount;
    return new Supercluster<LeafProps, ClusterProps>({
      // In supercluster's 512-unit tile space: 100 is 50 px on a 256 px tile, about one
      // cluster icon (disc and badge) across; what still overlaps is merged when drawn (cluster-declutter.ts).
      radius: 100,
      maxZoom: CLUSTER_MAX_ZOOM,
      map: ({ i }) => ({ w: store.markerSeverity(i), c: cams[i] ?? 0, d: store.downCount[i] ?? 0 }),
      reduce: (acc, p) => {
        acc.w = Math.max(acc.w, p.w);
        acc.c += p.c;
        acc.d += p.d;
      },
    }).load(this.points);
  }
}

export function isCluster(f: IndexFeature): f is ClusterFeature<ClusterProps> {
  return (f.properties as { cluster?: boolean }).cluster === true;
}

export { CAMERA_MAP_STATUSES };
