import type L from 'leaflet';
import type { MapRoadSigns } from '@camwatch/config/api';

export const SIGN_MIN_ZOOM = 13;
export const SIGN_COLOUR = '#1f5fbf';

/** A blue information sign with a white camera glyph, as used for "route under camera watch". */
export function drawRoadSign(ctx: CanvasRenderingContext2D, x: number, y: number): void {
  ctx.fillStyle = SIGN_COLOUR;
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.roundRect(x - 7, y - 7, 14, 14, 2);
  ctx.fill();
  ctx.stroke();
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(x - 4.5, y - 2.5, 6, 5);
  ctx.beginPath();
  ctx.moveTo(x + 1.5, y);
  ctx.lineTo(x + 4.5, y - 2.5);
  ctx.lineTo(x + 4.5, y + 2.5);
  ctx.closePath();
  ctx.fill();
}

let sprite: HTMLCanvasElement | null = null;

/** The sign pre-rendered once: a 100,000-camera fleet has thousands of signs in view. */
function signSprite(): HTMLCanvasElement {
  if (!sprite) {
    const ratio = window.devicePixelRatio || 1;
    sprite = document.createElement('canvas');
    sprite.width = sprite.height = Math.ceil(18 * ratio);
    const ctx = sprite.getContext('2d');
    if (!ctx) throw new Error('2D canvas unavailable');
    ctx.scale(ratio, ratio);
    drawRoadSign(ctx, 9, 9);
  }
  return sprite;
}

export interface SignBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The road signs marking routes under camera watch (115 in Long An), from zoom 13 on (commune
 * level). A sign where `covered` says something else sits (a cluster) is left out. Answers the boxes drawn.
 */
export function drawRoadSigns(
  ctx: CanvasRenderingContext2D,
  map: L.Map,
  origin: L.Point,
  signs: MapRoadSigns,
  covered: (box: SignBox) => boolean = () => false,
): SignBox[] {
  const drawn: SignBox[] = [];
  if (map.getZoom() < SIGN_MIN_ZOOM) return drawn;
  const bounds = map.getBounds().pad(0.2);
  const { lat, lon } = signs;
  for (let k = 0; k < lat.length; k++) {
    const la = lat[k]!;
    const lo = lon[k]!;
    if (!bounds.contains([la, lo])) continue;
    const p = map.latLngToLayerPoint([la, lo]).subtract(origin);
    const box = { left: p.x - 9, top: p.y - 9, right: p.x + 9, bottom: p.y + 9 };
    if (covered(box)) continue;
    ctx.drawImage(signSprite(), p.x - 9, p.y - 9, 18, 18);
    drawn.push(box);
  }
  return drawn;
}
