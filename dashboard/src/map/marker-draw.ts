import type { CameraMapStatus } from '@camwatch/config/api';
import { HALO, OUTLINE, STATUS_STYLE, shapePath } from './marker-style.ts';

/** Traces a status shape (circle, triangle, square, diamond) at (x, y). */
function tracePath(ctx: CanvasRenderingContext2D, status: CameraMapStatus, x: number, y: number, r: number): void {
  const points = shapePath(STATUS_STYLE[status].shape, r);
  ctx.beginPath();
  if (!points) {
    ctx.arc(x, y, r, 0, Math.PI * 2);
    return;
  }
  points.forEach(([px, py], k) => (k === 0 ? ctx.moveTo(x + px, y + py) : ctx.lineTo(x + px, y + py)));
  ctx.closePath();
}

/** Draws one status marker: white halo, dark outline, status fill, and a white × for `down`. */
export function drawStatusShape(ctx: CanvasRenderingContext2D, status: CameraMapStatus, x: number, y: number, r: number): void {
  tracePath(ctx, status, x, y, r);
  ctx.lineJoin = 'round';
  ctx.lineWidth = 4;
  ctx.strokeStyle = HALO;
  ctx.stroke();
  ctx.fillStyle = STATUS_STYLE[status].fill;
  ctx.fill();
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = OUTLINE;
  ctx.stroke();
  if (status === 'down') {
    const d = 0.5 * r;
    ctx.beginPath();
    ctx.moveTo(x - d, y - d);
    ctx.lineTo(x + d, y + d);
    ctx.moveTo(x + d, y - d);
    ctx.lineTo(x - d, y + d);
    ctx.lineWidth = Math.max(1.5, r / 4);
    ctx.strokeStyle = HALO;
    ctx.stroke();
  }
}

/**
 * Pre-rendered marker images (one per status and pixel ratio): drawImage of a sprite is
 * several times cheaper than tracing and stroking paths for thousands of markers.
 */
export class MarkerSprites {
  private sprites = new Map<CameraMapStatus, HTMLCanvasElement>();
  readonly size: number;

  constructor(
    readonly radius: number,
    readonly pixelRatio: number,
  ) {
    this.size = Math.ceil(radius * 3.4);
  }

  draw(ctx: CanvasRenderingContext2D, status: CameraMapStatus, x: number, y: number): void {
    let sprite = this.sprites.get(status);
    if (!sprite) {
      sprite = document.createElement('canvas');
      sprite.width = sprite.height = Math.ceil(this.size * this.pixelRatio);
      const sctx = sprite.getContext('2d');
      if (!sctx) throw new Error('2D canvas unavailable');
      sctx.scale(this.pixelRatio, this.pixelRatio);
      drawStatusShape(sctx, status, this.size / 2, this.size / 2, this.radius);
      this.sprites.set(status, sprite);
    }
    ctx.drawImage(sprite, x - this.size / 2, y - this.size / 2, this.size, this.size);
  }
}

/** A cluster: white disc with the camera count, ringed with the worst status inside and, unless ok, badged with its shape. */
export function drawCluster(
  ctx: CanvasRenderingContext2D,
  sprites: MarkerSprites,
  x: number,
  y: number,
  r: number,
  label: string,
  worst: CameraMapStatus,
): void {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.fillStyle = 'rgba(255,255,255,0.95)';
  ctx.fill();
  ctx.lineWidth = 4;
  ctx.strokeStyle = STATUS_STYLE[worst].fill;
  ctx.stroke();
  ctx.lineWidth = 1;
  ctx.strokeStyle = OUTLINE;
  ctx.stroke();
  ctx.fillStyle = OUTLINE;
  const font = `600 ${Math.round(r * 0.72)}px system-ui, sans-serif`;
  if (ctx.font !== font) ctx.font = font;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(label, x, y + 0.5);
  // No badge when all is well: a plain green-ringed disc reads as "ok", and the map stays calm.
  if (worst !== 'ok') sprites.draw(ctx, worst, x + r * 0.75, y - r * 0.75);
}
