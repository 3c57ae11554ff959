import type { CameraMapStatus } from '@camwatch/config/api';
import { STATUS_STYLE } from '../map/marker-style.ts';

/**
 * SVG fills for status bars that do not rely on colour alone: ok solid, degraded striped,
 * down cross-hatched, unknown dotted. Render <StatusPatternDefs id=…/> once per <svg>.
 */
export function StatusPatternDefs({ id }: { id: string }) {
  return (
    <defs>
      <pattern id={`${id}-degraded`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill={STATUS_STYLE.degraded.fill} />
        <rect width="2" height="6" fill="#ffffff" opacity="0.55" />
      </pattern>
      <pattern id={`${id}-down`} width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill={STATUS_STYLE.down.fill} />
        <path d="M0,0L6,6M6,0L0,6" stroke="#ffffff" strokeWidth="1" opacity="0.7" />
      </pattern>
      <pattern id={`${id}-unknown`} width="5" height="5" patternUnits="userSpaceOnUse">
        <rect width="5" height="5" fill={STATUS_STYLE.unknown.fill} />
        <circle cx="2.5" cy="2.5" r="1" fill="#ffffff" />
      </pattern>
    </defs>
  );
}

export function statusFill(id: string, status: CameraMapStatus): string {
  return status === 'ok' ? STATUS_STYLE.ok.fill : `url(#${id}-${status})`;
}
