import { CAMERA_MAP_STATUSES } from '@camwatch/config/api';
import type L from 'leaflet';
import { CanvasOverlay } from './canvas-overlay.ts';
import { drawFovCone, metresPerPixel } from './fov-draw.ts';
import type { MapStore } from './map-store.ts';
import { MarkerSprites, drawCluster } from './marker-draw.ts';
import { boxesOverlap, clusterBox, clusterRadius, declutterClusters, type Box, type DrawnCluster } from './cluster-declutter.ts';
import { drawRoadSigns } from './road-sign-draw.ts';
import { StationIndex, isCluster, statusOfSeverity } from './station-index.ts';

export const FOV_MIN_ZOOM = 16;
/** Past this many stations in view the cones are a smear, and cost more than the markers: skip them. */
const FOV_MAX_STATIONS = 800;
const MARKER_RADIUS = 8;

interface Hit {
  x: number;
  y: number;
  r: number;
  station: number;
  clusterId: number;
}

export interface StationLayerOptions {
  onSelectStation(index: number): void;
  showFov: boolean;
  /** Drawn under the stations on the same canvas (one canvas layer less to composite). */
  showSigns: boolean;
  formatCount(n: number): string;
}

/**
 * Every station on one canvas: clusters (count + worst status) when zoomed out, status
 * shapes when zoomed in, camera view cones from FOV_MIN_ZOOM, road signs underneath. Clicks are hit-tested against
 * what was last drawn; clicking a cluster zooms into it.
 */
export class StationLayer extends CanvasOverlay {
  private readonly index: StationIndex;
  private readonly sprites = new MarkerSprites(MARKER_RADIUS, window.devicePixelRatio || 1);
  private hits: Hit[] = [];
  private selected = -1;
  private firstDrawMarked = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: MapStore,
    private settings: StationLayerOptions,
  ) {
    super('cw-stations', 450);
    this.index = new StationIndex(store, () => this.requestRedraw());
    this.unsubscribe = store.subscribe(() => {
      this.requestRedraw();
      this.index.scheduleRebuild();
    });
  }

  setOptions(options: StationLayerOptions): void {
    this.settings = options;
    this.requestRedraw();
  }

  select(index: number): void {
    this.selected = index;
    this.requestRedraw();
  }

  dispose(): void {
    this.unsubscribe();
    this.index.dispose();
  }

  override getEvents(): Record<string, L.LeafletEventHandlerFn> {
    return {
      ...super.getEvents(),
      click: (e) => this.onClick(e as L.LeafletMouseEvent),
      mousemove: (e) => this.onHover(e as L.LeafletMouseEvent),
    };
  }

  protected draw(ctx: CanvasRenderingContext2D, map: L.Map, size: L.Point): void {
    const zoom = map.getZoom();
    const sw = map.layerPointToLatLng(this.origin.add([0, size.y]));
    const ne = map.layerPointToLatLng(this.origin.add([size.x, 0]));
    const features = this.index.clusters([sw.lng, sw.lat, ne.lng, ne.lat], zoom);
    const { stations } = this.store.data;
    const hits: Hit[] = [];
    const leaves: Array<{ i: number; x: number; y: number }> = [];
    const found: DrawnCluster[] = [];
    for (const f of features) {
      const [lon, lat] = f.geometry.coordinates as [number, number];
      const p = map.latLngToLayerPoint([lat, lon]).subtract(this.origin);
      if (isCluster(f))
        found.push({ x: p.x, y: p.y, c: f.properties.c, w: f.properties.w, d: f.properties.d, clusterId: f.properties.cluster_id });
      else leaves.push({ i: f.properties.i, x: p.x, y: p.y });
    }
    const clusters = declutterClusters(found);
    const clusterBoxes: Box[] = clusters.map((c) => clusterBox(c.x, c.y, clusterRadius(c.c)));
    // Signs first, so nothing is drawn over a cluster's count, and none where a cluster sits.
    const signBoxes = this.settings.showSigns
      ? drawRoadSigns(ctx, map, this.origin, this.store.data.roadSigns, (box) => clusterBoxes.some((c) => boxesOverlap(c, box)))
      : [];
    for (const c of clusters) {
      const r = clusterRadius(c.c);
      drawCluster(ctx, this.sprites, c.x, c.y, r, this.settings.formatCount(c.c), statusOfSeverity(c.w));
      hits.push({ x: c.x, y: c.y, r: r + 4, station: -1, clusterId: c.clusterId });
    }
    if (this.settings.showFov && zoom >= FOV_MIN_ZOOM && leaves.length <= FOV_MAX_STATIONS) this.drawCones(ctx, leaves, zoom);
    for (const { i, x, y } of leaves) {
      if (i === this.selected) this.drawSelection(ctx, x, y);
      this.sprites.draw(ctx, this.store.markerOf(i), x, y);
      hits.push({ x, y, r: MARKER_RADIUS + 6, station: i, clusterId: -1 });
    }
    this.hits = hits;
    const container = map.getContainer();
    container.dataset.renderedStations = String(leaves.length);
    container.dataset.renderedClusters = String(clusters.length);
    // What was drawn where, in container pixels, for the browser tests (overlap checks).
    const shift = (b: Box): Box => ({
      left: b.left + offset.x,
      top: b.top + offset.y,
      right: b.right + offset.x,
      bottom: b.bottom + offset.y,
    });
    const offset = map.layerPointToContainerPoint(this.origin);
    (container as HTMLElement & { cwDrawn?: unknown }).cwDrawn = { clusters: clusterBoxes.map(shift), signs: signBoxes.map(shift) };
    if (!this.firstDrawMarked && stations.id.length > 0) {
      this.firstDrawMarked = true;
      performance.mark('camwatch:first-render');
      container.dataset.firstRender = 'done';
    }
  }

  private drawCones(ctx: CanvasRenderingContext2D, leaves: Array<{ i: number; x: number; y: number }>, zoom: number): void {
    const { cameras, stations } = this.store.data;
    for (const { i, x, y } of leaves) {
      const mpp = metresPerPixel(stations.lat[i]!, zoom);
      for (let k = this.store.camStart[i]!; k < this.store.camStart[i + 1]!; k++) {
        const j = this.store.camList[k]!;
        const status = this.store.markerOf(i) === 'unknown' ? 'unknown' : (CAMERA_MAP_STATUSES[cameras.status[j]!] ?? 'unknown');
        drawFovCone(ctx, x, y, cameras.rangeM[j]! / mpp, cameras.bearingDeg[j]!, cameras.fovDeg[j]!, status);
      }
    }
  }

  private drawSelection(ctx: CanvasRenderingContext2D, x: number, y: number): void {
    ctx.beginPath();
    ctx.arc(x, y, MARKER_RADIUS * 2.1, 0, Math.PI * 2);
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#1f5fbf';
    ctx.stroke();
  }

  private hitAt(e: L.LeafletMouseEvent): Hit | undefined {
    const p = e.layerPoint.subtract(this.origin);
    let best: Hit | undefined;
    let bestD = Infinity;
    for (const h of this.hits) {
      const d = Math.hypot(h.x - p.x, h.y - p.y);
      if (d <= h.r && d < bestD) {
        best = h;
        bestD = d;
      }
    }
    return best;
  }

  private onClick(e: L.LeafletMouseEvent): void {
    const hit = this.hitAt(e);
    const map = this._map;
    if (!hit || !map) return;
    if (hit.station >= 0) {
      this.settings.onSelectStation(hit.station);
      return;
    }
    const zoom = Math.min(this.index.expansionZoom(hit.clusterId), map.getMaxZoom());
    map.setView(e.latlng, Math.max(zoom, map.getZoom() + 1));
  }

  private onHover(e: L.LeafletMouseEvent): void {
    const container = this._map?.getContainer();
    if (container) container.style.cursor = this.hitAt(e) ? 'pointer' : '';
  }
}
