export { UptimeService, type UptimeServiceOptions } from './uptime-service.ts';
export { computeCameraUptime, sumFigures, type CameraUptimeInput, type CameraUptimeResult } from './uptime-calculator.ts';
export {
  customRange,
  dayRange,
  weekRange,
  monthRange,
  resolveRange,
  localDays,
  UptimeQueryError,
  MAX_RANGE_MS,
  type UptimeRange,
} from './uptime-range.ts';
export type { StatusInterval, IntervalStatus } from './status-timeline.ts';
export type { Span } from './spans.ts';
