import { UPTIME_MAX_RANGE_DAYS } from '@camwatch/config/api';

const DAY_MS = 86_400_000;

/** Days in an inclusive range of local dates (`yyyy-MM-dd`). */
export function rangeDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

export type RangeProblem = { kind: 'tooLong'; days: number } | null;

/** What the hub would refuse, found before asking it (config's UPTIME_MAX_RANGE_DAYS, the hub's limit). */
export function rangeProblem(from: string, to: string): RangeProblem {
  const days = rangeDays(from, to);
  return days > UPTIME_MAX_RANGE_DAYS ? { kind: 'tooLong', days } : null;
}
