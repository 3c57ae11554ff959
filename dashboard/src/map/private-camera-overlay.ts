import type L from 'leaflet';
import { CAMERA_MAP_STATUSES } from '@camwatch/config/api';
import { CanvasOverlay } from './canvas-overlay.ts';
import { STATUS_STYLE, shapePath } from './marker-style.ts';
import { aggregateInView, groupRadius, type ProjectedPoints } from './private-camera-grid.ts';

/** Private cameras' own colour and shape (violet; hollow rings one by one), so they never read as programme cameras. */
const VIOLET = '#6a3d9a';
const RING_RADIUS = 4;
/** Grid cell: the largest disc (38 px and its outline) with room to sit near its cameras' mean. */
const CELL_PX = 64;
/** At most this many rings in view; more are counted in the grid. At street zoom every camera is its own ring. */
const INDIVIDUAL_MAX = 1500;
const STREET_ZOOM = 17;
/** A connected camera's status mark: a little larger than a ring, so it covers the ring beneath it. */
const STATUS_RADIUS = 6;

/** The connected cameras among the points: `at` indexes the points, `status` indexes CAMERA_MAP_STATUSES. */
export interface ConnectedStatuses {
  at: readonly number[];
  status: number[];
}

/**
 * The private cameras on one canvas of the map's (CanvasOverlay: redrawn when a move or zoom
 * ends, never during a pan, CSS-scaled during a zoom). Positions only. Discs are smaller than
 * the programme stations' clusters and violet, drawn in a pane below the stations.
 */
export class PrivateCameraOverlay extends CanvasOverlay {
  constructor(
    private readonly points: ProjectedPoints,
    private formatCount: (n: number) => string,
  ) {
    super('cw-private', 380);
  }

  private connected: ConnectedStatuses = { at: [], status: [] };

  /** Connected cameras are drawn one by one at any zoom, in their status' colour and shape (as programme cameras are), ringed violet. */
  setConnected(connected: ConnectedStatuses): void {
    this.connected = connected;
    this.requestRedraw();
  }

  setFormat(format: (n: number) => string): void {
    this.formatCount = format;
    this.requestRedraw();
  }

  protected override draw(ctx: CanvasRenderingContext2D, map: L.Map, size: L.Point): void {
    const zoom = map.getZoom();
    const pixelOrigin = map.getPixelOrigin();
    const grid = aggregateInView(
      this.points,
      {
        // projectPositions gives zoom-0 pixels (a 256 px world): zoom z is 2^z times that.
        scale: 2 ** zoom,
        offsetX: pixelOrigin.x + this.origin.x,
        offsetY: pixelOrigin.y + this.origin.y,
        width: size.x,
        height: size.y,
        cellPx: CELL_PX,
      },
      zoom >= STREET_ZOOM ? Number.POSITIVE_INFINITY : INDIVIDUAL_MAX,
    );
    // All rings in one path: one fill and one stroke call however many there are.
    ctx.beginPath();
    for (let k = 0; k < grid.singles.length; k += 2) {
      const x = grid.singles[k]!;
      const y = grid.singles[k + 1]!;
      ctx.moveTo(x + RING_RADIUS, y);
      ctx.arc(x, y, RING_RADIUS, 0, 2 * Math.PI);
    }
    ctx.fillStyle = 'rgba(255, 255, 255, 0.9)';
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = VIOLET;
    ctx.stroke();
    ctx.font = 'bold 11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const g of grid.groups) {
      const r = groupRadius(g.c);
      ctx.beginPath();
      ctx.arc(g.x, g.y, r, 0, 2 * Math.PI);
      ctx.fillStyle = 'rgba(106, 61, 154, 0.85)';
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.strokeStyle = '#ffffff';
      ctx.stroke();
      ctx.fillStyle = '#ffffff';
      ctx.fillText(this.formatCount(g.c), g.x, g.y);
    }
    this.drawConnected(ctx, 2 ** zoom, pixelOrigin.x + this.origin.x, pixelOrigin.y + this.origin.y, size);
  }

  /** A few among thousands: each projected and drawn on its own, on top of the rings and discs. */
  private drawConnected(ctx: CanvasRenderingContext2D, scale: number, offsetX: number, offsetY: number, size: L.Point): void {
    const { at, status } = this.connected;
    for (let k = 0; k < at.length; k++) {
      const i = at[k]!;
      const x = this.points.x[i]! * scale - offsetX;
      const y = this.points.y[i]! * scale - offsetY;
      if (x < -STATUS_RADIUS || y < -STATUS_RADIUS || x > size.x + STATUS_RADIUS || y > size.y + STATUS_RADIUS) continue;
      const style = STATUS_STYLE[CAMERA_MAP_STATUSES[status[k]!] ?? 'unknown'];
      const path = shapePath(style.shape, STATUS_RADIUS);
      ctx.beginPath();
      if (path) {
        ctx.moveTo(x + path[0]![0], y + path[0]![1]);
        for (const [px, py] of path.slice(1)) ctx.lineTo(x + px, y + py);
        ctx.closePath();
      } else ctx.arc(x, y, STATUS_RADIUS, 0, 2 * Math.PI);
      ctx.fillStyle = style.fill;
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.strokeStyle = VIOLET;
      ctx.stroke();
    }
  }
}
