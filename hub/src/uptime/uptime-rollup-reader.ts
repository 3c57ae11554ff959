import { localDate, startOfLocalDay, type UptimeFigures } from '@camwatch/config';
import { sumFigures } from './uptime-calculator.ts';
import type { DaySums, UptimeDaysRepository } from './uptime-days-repository.ts';
import type { CameraSlice, ScopeSelector } from './uptime-repository.ts';
import type { UptimeRange } from './uptime-range.ts';

const DAY_MS = 86_400_000;

/** Measures slices over a range the raw way (intervals from the database, maths in TypeScript). */
export type RawMeasure = (slices: readonly CameraSlice[], range: UptimeRange, asOf: number) => Promise<UptimeFigures[]>;

const ZERO: UptimeFigures = sumFigures([]);

/**
 * The same figures as the raw path, from the day rows where it can: a range is cut into the
 * closed whole local days inside it (summed from camera_uptime_days) and the rest (the part of a
 * day an edge cuts, today, the future) measured raw. A camera missing a row for one of those days
 * (not closed yet, or invalidated by late data) is measured raw over the whole block. Exact
 * because every figure of the calculator adds up over adjacent ranges.
 */
export class UptimeRollupReader {
  constructor(
    private readonly days: UptimeDaysRepository,
    private readonly raw: RawMeasure,
  ) {}

  /** Figures per slice, in the order of `slices`. */
  async measure(selector: ScopeSelector, slices: readonly CameraSlice[], range: UptimeRange, asOf: number): Promise<UptimeFigures[]> {
    const firstDay = startOfLocalDay(range.from) === range.from ? range.from : startOfLocalDay(range.from) + DAY_MS;
    const endDay = Math.min(startOfLocalDay(range.to), startOfLocalDay(asOf));
    if (endDay <= firstDay || slices.length === 0) return this.raw(slices, range, asOf);
    const block = { from: firstDay, to: endDay };
    const sums = await this.days.sums([...new Set(slices.map((s) => s.cameraId))], localDate(block.from), localDate(block.to));
    const groups = selector.kind === 'unit' && selector.attribution === 'historical' ? await this.days.subtreeGroups(selector.id) : null;
    const byCamera = new Map<string, DaySums[]>();
    for (const s of sums) byCamera.set(s.cameraId, [...(byCamera.get(s.cameraId) ?? []), s]);

    const parts: UptimeFigures[][] = slices.map(() => []);
    const incomplete: number[] = [];
    slices.forEach((slice, i) => {
      const rows = byCamera.get(slice.cameraId) ?? [];
      const present = rows.reduce((n, r) => n + r.days, 0);
      if (present !== expectedDays(block, slice.retiredAt)) {
        incomplete.push(i);
        return;
      }
      // Historical: only the rows of units in this slice's group; otherwise the camera's whole day.
      const mine = groups ? rows.filter((r) => groups.get(r.unitId) === slice.groupId) : rows;
      parts[i]?.push(sumFigures(mine));
    });
    await this.addRaw(parts, slices, incomplete, block, asOf);
    const all = slices.map((_s, i) => i);
    if (range.from < block.from) await this.addRaw(parts, slices, all, { from: range.from, to: block.from }, asOf);
    if (block.to < range.to) await this.addRaw(parts, slices, all, { from: block.to, to: range.to }, asOf);
    return parts.map((p) => (p.length === 1 ? (p[0] ?? ZERO) : sumFigures(p)));
  }

  private async addRaw(
    parts: UptimeFigures[][],
    slices: readonly CameraSlice[],
    which: readonly number[],
    range: UptimeRange,
    asOf: number,
  ): Promise<void> {
    if (which.length === 0) return;
    const measured = await this.raw(
      which.map((i) => slices[i] as CameraSlice),
      range,
      asOf,
    );
    which.forEach((i, k) => parts[i]?.push(measured[k] ?? ZERO));
  }
}

/** The days of the block the job writes rows for: those the camera was not yet retired at the start of. */
function expectedDays(block: UptimeRange, retiredAt: number | null): number {
  const end = retiredAt === null ? block.to : Math.min(block.to, Math.max(block.from, startOfLocalDay(retiredAt - 1) + DAY_MS));
  return Math.round((end - block.from) / DAY_MS);
}
