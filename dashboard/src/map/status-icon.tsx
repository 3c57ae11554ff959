import type { CameraMapStatus } from '@camwatch/config/api';
import { HALO, OUTLINE, STATUS_STYLE, shapePath } from './marker-style.ts';

/** The map marker's shape as inline SVG, for the legend, lists and panels (same geometry as the canvas). */
export function StatusIcon({ status, size = 16, title }: { status: CameraMapStatus; size?: number; title?: string }) {
  const r = 5;
  const points = shapePath(STATUS_STYLE[status].shape, r);
  const common = { fill: STATUS_STYLE[status].fill, stroke: OUTLINE, strokeWidth: 1.2, strokeLinejoin: 'round' as const };
  return (
    // Without a title the words beside it say the status: the shape is then decoration, hidden from screen readers.
    <svg
      className="status-icon"
      width={size}
      height={size}
      viewBox="-8 -8 16 16"
      {...(title ? { role: 'img', 'aria-label': title } : { 'aria-hidden': true })}
      data-status={status}
    >
      {title ? <title>{title}</title> : null}
      {points ? <polygon points={points.map(([x, y]) => `${x},${y}`).join(' ')} {...common} /> : <circle r={r} {...common} />}
      {status === 'down' ? <path d="M-2.5,-2.5L2.5,2.5M2.5,-2.5L-2.5,2.5" stroke={HALO} strokeWidth={1.6} /> : null}
    </svg>
  );
}
