import { clusterRadius } from './cluster-declutter.ts';

/**
 * The private-camera layer's arithmetic, apart from Leaflet so it can be tested on its own.
 * Positions are projected once, when they arrive, to Web Mercator pixels at zoom 0 (Leaflet's
 * EPSG:3857 with 256 px tiles); a redraw then only multiplies and subtracts. In view, at most
 * `individualMax` cameras are drawn one by one; beyond that they are counted in a screen grid
 * and each cell's cameras become one disc at their mean position (what the user sees at
 * province and district zoom: 25,000 rings would be a violet smear and a slow frame). The disc
 * is kept inside its cell, so no two discs overlap and no declutter pass is needed: with 48 px
 * cells, merging overlapping discs (declutterClusters, fine for a few hundred station clusters)
 * cascaded and took 0.5 s on one 1,920 × 1,080 redraw of 25,000 cameras.
 */
export interface ProjectedPoints {
  x: Float64Array;
  y: Float64Array;
}

/** Web Mercator, as L.Projection.SphericalMercator with L.CRS.EPSG3857's transformation, at zoom 0. */
export function projectPositions(lat: readonly number[], lon: readonly number[]): ProjectedPoints {
  const n = Math.min(lat.length, lon.length);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const maxLat = 85.0511287798;
  for (let i = 0; i < n; i++) {
    const sin = Math.sin((Math.max(-maxLat, Math.min(maxLat, lat[i]!)) * Math.PI) / 180);
    x[i] = ((lon[i]! + 180) / 360) * 256;
    y[i] = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * 256;
  }
  return { x, y };
}

/** Where the canvas lies: canvas px = world px × `scale` − offset; `width` × `height` in px. */
export interface GridView {
  scale: number;
  offsetX: number;
  offsetY: number;
  width: number;
  height: number;
  cellPx: number;
}

/** A cell of two or more cameras: disc centre in canvas px and the camera count. */
export interface PrivateGroup {
  x: number;
  y: number;
  c: number;
}

/** Disc radius for a group: the station clusters' three sizes, 4 px smaller (private cameras stay secondary). */
export function groupRadius(count: number): number {
  return clusterRadius(count) - 4;
}
/** Half the disc's white outline lies outside its radius. */
const OUTLINE_PX = 1;

export interface PrivateGrid {
  /** Cameras drawn one by one, as x, y canvas px pairs. */
  singles: number[];
  /** Cells of two or more cameras, each disc inside its own cell (`c` = cameras). */
  groups: PrivateGroup[];
  /** Cameras on the canvas (singles plus grouped). */
  visible: number;
}

export function aggregateInView(points: ProjectedPoints, view: GridView, individualMax: number): PrivateGrid {
  const { scale, offsetX, offsetY, width, height, cellPx } = view;
  const inView: number[] = [];
  for (let i = 0; i < points.x.length; i++) {
    const sx = points.x[i]! * scale - offsetX;
    const sy = points.y[i]! * scale - offsetY;
    if (sx >= 0 && sx < width && sy >= 0 && sy < height) inView.push(sx, sy);
  }
  const visible = inView.length / 2;
  if (visible <= individualMax) return { singles: inView, groups: [], visible };
  const cols = Math.ceil(width / cellPx);
  const rows = Math.ceil(height / cellPx);
  const count = new Uint32Array(cols * rows);
  const sumX = new Float64Array(cols * rows);
  const sumY = new Float64Array(cols * rows);
  for (let k = 0; k < inView.length; k += 2) {
    const sx = inView[k]!;
    const sy = inView[k + 1]!;
    const cell = Math.floor(sx / cellPx) + Math.floor(sy / cellPx) * cols;
    count[cell]! += 1;
    sumX[cell]! += sx;
    sumY[cell]! += sy;
  }
  const singles: number[] = [];
  const groups: PrivateGroup[] = [];
  for (let cell = 0; cell < count.length; cell++) {
    const c = count[cell]!;
    if (c === 0) continue;
    if (c === 1) {
      singles.push(sumX[cell]!, sumY[cell]!);
      continue;
    }
    // The mean position, moved just enough to keep the whole disc inside the cell.
    const reach = Math.min(cellPx / 2, groupRadius(c) + OUTLINE_PX);
    const left = (cell % cols) * cellPx;
    const top = Math.floor(cell / cols) * cellPx;
    const clamp = (v: number, lo: number) => Math.min(lo + cellPx - reach, Math.max(lo + reach, v));
    groups.push({ x: clamp(sumX[cell]! / c, left), y: clamp(sumY[cell]! / c, top), c });
  }
  return { singles, groups, visible };
}
