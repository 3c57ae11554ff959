import type { CameraMapStatus } from '@camwatch/config/api';
import { STATUS_STYLE } from './marker-style.ts';

const EARTH_CIRCUMFERENCE_M = 40_075_016.686;

/** Metres per CSS pixel in Web Mercator at this latitude and zoom. */
export function metresPerPixel(lat: number, zoom: number): number {
  return (EARTH_CIRCUMFERENCE_M * Math.cos((lat * Math.PI) / 180)) / (256 * 2 ** zoom);
}

/**
 * A camera's field of view: a wedge from the station, `bearingDeg` clockwise from north,
 * `fovDeg` wide, `rangeM` long, tinted with the camera's status.
 */
export function drawFovCone(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  radiusPx: number,
  bearingDeg: number,
  fovDeg: number,
  status: CameraMapStatus,
): void {
  const centre = ((bearingDeg - 90) * Math.PI) / 180;
  const half = (Math.min(fovDeg, 359.9) * Math.PI) / 360;
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.arc(x, y, radiusPx, centre - half, centre + half);
  ctx.closePath();
  ctx.globalAlpha = 0.22;
  ctx.fillStyle = STATUS_STYLE[status].fill;
  ctx.fill();
  ctx.globalAlpha = 0.7;
  ctx.lineWidth = 1;
  ctx.strokeStyle = STATUS_STYLE[status].fill;
  ctx.stroke();
  ctx.globalAlpha = 1;
}
