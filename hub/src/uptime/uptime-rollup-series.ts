import { localDate, startOfLocalDay, type UptimeAggregate } from '@camwatch/config';
import { aggregate } from './uptime-aggregate.ts';
import type { UptimeDaysRepository } from './uptime-days-repository.ts';
import type { CameraSlice, ScopeSelector } from './uptime-repository.ts';

const DAY_MS = 86_400_000;

export interface SeriesDay {
  date: string;
  from: number;
  to: number;
}

/** The raw daily series over some days (each measured on its own); contiguous days share one load. */
export type RawDaily = (slices: readonly CameraSlice[], days: readonly SeriesDay[], asOf: number) => Promise<UptimeAggregate[]>;

/**
 * The daily series from the day rows: a whole closed day every camera of the scope has rows for
 * is one SQL aggregate; any other day (cut by the range, today, or with a camera whose rows are
 * missing) is measured raw, whole, so the counts of cameras and stations never mix two sources.
 */
export async function rollupDaily(
  days: UptimeDaysRepository,
  raw: RawDaily,
  selector: ScopeSelector,
  slices: readonly CameraSlice[],
  series: readonly SeriesDay[],
  asOf: number,
): Promise<UptimeAggregate[]> {
  const today = startOfLocalDay(asOf);
  const closed = series.filter((d) => d.from === startOfLocalDay(d.from) && d.to === d.from + DAY_MS && d.to <= today);
  const fromRows = new Map<string, UptimeAggregate>();
  const first = closed[0];
  const last = closed[closed.length - 1];
  if (first && last && slices.length > 0) {
    const cameraIds = slices.map((s) => s.cameraId);
    const toDay = localDate(last.from + DAY_MS);
    // Historical: only the rows of the time a station was inside the unit.
    const units =
      selector.kind === 'unit' && selector.attribution === 'historical' ? [...(await days.subtreeGroups(selector.id)).keys()] : null;
    const [present, aggregates] = await Promise.all([
      days.daysPresent(cameraIds, first.date, toDay),
      days.dayAggregates(cameraIds, first.date, toDay, units),
    ]);
    for (const d of closed) {
      const expected = slices.filter((s) => s.retiredAt === null || s.retiredAt > d.from).length;
      if ((present.get(d.date) ?? 0) === expected) fromRows.set(d.date, aggregates.get(d.date) ?? EMPTY);
    }
  }
  const rawDays = series.filter((d) => !fromRows.has(d.date));
  const measured = rawDays.length > 0 ? await raw(slices, rawDays, asOf) : [];
  const byDate = new Map(rawDays.map((d, i) => [d.date, measured[i] as UptimeAggregate]));
  return series.map((d) => fromRows.get(d.date) ?? byDate.get(d.date) ?? EMPTY);
}

const EMPTY: UptimeAggregate = aggregate([]);
