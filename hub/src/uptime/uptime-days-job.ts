import { localDate, startOfLocalDay } from '@camwatch/config';
import type { Logger } from 'pino';
import type { Db } from '../db/db.ts';
import { figuresOf } from './uptime-aggregate.ts';
import { withoutJit } from '../db/without-jit.ts';
import { UptimeDaysRepository, type DayRow } from './uptime-days-repository.ts';
import { loadInputs, measureSlice, type UptimeInputs } from './uptime-inputs.ts';
import { UptimeRepository, type CameraSlice } from './uptime-repository.ts';
import type { UptimeRange } from './uptime-range.ts';

const DAY_MS = 86_400_000;

export interface UptimeDaysJobOptions {
  now?: () => number;
  /** How many closed days back the job keeps filled; older days are computed live when asked. */
  lookbackDays?: number;
  /** Cameras per transaction. */
  batchSize?: number;
  everyMs?: number;
  log?: Logger;
}

export interface CloseResult {
  days: number;
  rows: number;
  cameraDays: number;
  /** Camera-days left for the next pass: data changed while computing, or the station is offline. */
  deferred: number;
  /** Days another hub was closing at the same moment. */
  busyDays: number;
}

/**
 * Closes local days: for every camera in service and every closed day in the lookback that has
 * no row, computes the day with the raw maths (uptime-inputs.ts) and stores it. Idempotent and
 * safe with several hubs: a day is closed under an advisory lock, rows are upserted, and a row is
 * written only if the camera's epoch (bumped by the triggers of migration 110 on every change)
 * is the one read before computing. Triggers delete rows that late data makes stale; the next
 * pass fills them again.
 */
export class UptimeDaysJob {
  private readonly days: UptimeDaysRepository;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  private readonly db: Db;

  constructor(
    pool: Db,
    private readonly opts: UptimeDaysJobOptions = {},
  ) {
    this.db = withoutJit(pool);
    this.days = new UptimeDaysRepository(this.db);
    this.now = opts.now ?? Date.now;
  }

  start(): void {
    const tick = () => {
      // One pass at a time: a slow pass delays the next instead of overlapping it.
      this.running = this.running
        .then(() => this.runOnce())
        .catch((err: unknown) => this.opts.log?.error({ err }, 'closing uptime days failed'));
    };
    tick();
    this.timer = setInterval(tick, this.opts.everyMs ?? 10 * 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  async runOnce(): Promise<CloseResult> {
    const asOf = this.now();
    const today = startOfLocalDay(asOf);
    const result: CloseResult = { days: 0, rows: 0, cameraDays: 0, deferred: 0, busyDays: 0 };
    await this.days.ensureEpochs();
    for (let day = today - (this.opts.lookbackDays ?? 92) * DAY_MS; day < today; day += DAY_MS) {
      const done = await this.closeDay({ from: day, to: day + DAY_MS }, asOf, result);
      if (done) result.days++;
      else result.busyDays++;
    }
    if (result.rows > 0) this.opts.log?.info(result, 'closed uptime days');
    return result;
  }

  /** false when another hub holds the day. */
  private async closeDay(day: UptimeRange, asOf: number, result: CloseResult): Promise<boolean> {
    const date = localDate(day.from);
    const missing = await this.days.missingCameras(this.db, day.from, date);
    const size = this.opts.batchSize ?? 2_000;
    for (let i = 0; i < missing.length; i += size) {
      const ok = await this.db.transaction(async (tx) => {
        if (!(await this.days.tryLockDay(tx, Math.floor(day.from / DAY_MS)))) return false;
        const batch = await this.days.stillMissing(tx, missing.slice(i, i + size), date);
        if (batch.length === 0) return true;
        const epochs = await this.days.epochs(tx, batch, false);
        const slices = await new UptimeRepository(tx).slicesByUnit(batch, day);
        const inputs = await loadInputs(new UptimeRepository(tx), slices, day);
        const { rows, deferred } = dayRows(slices, inputs, day, date, asOf);
        const locked = await this.days.epochs(tx, [...new Set(rows.map((r) => r.cameraId))], true);
        const fresh = rows.filter((r) => locked.get(r.cameraId) === epochs.get(r.cameraId));
        await this.days.upsert(tx, fresh);
        result.rows += fresh.length;
        result.cameraDays += fresh.filter((r) => r.firstPart).length;
        result.deferred += deferred + rows.filter((r) => r.firstPart).length - fresh.filter((r) => r.firstPart).length;
        return true;
      });
      if (!ok) return false;
    }
    return true;
  }
}

/**
 * The rows of one closed day. A camera whose open interval reaches into the day while its station
 * is offline is deferred: the raw maths cuts open intervals where the offline spell began, and
 * that spell may still be rewritten; the day is closed once the station is back.
 */
export function dayRows(
  slices: readonly CameraSlice[],
  inputs: UptimeInputs,
  day: UptimeRange,
  date: string,
  asOf: number,
): { rows: DayRow[]; deferred: number } {
  const byCamera = new Map<string, CameraSlice[]>();
  for (const s of slices) byCamera.set(s.cameraId, [...(byCamera.get(s.cameraId) ?? []), s]);
  const rows: DayRow[] = [];
  let deferred = 0;
  for (const [cameraId, parts] of byCamera) {
    const offline = parts[0]?.stationOfflineSince ?? null;
    const open = (inputs.intervals.get(cameraId) ?? []).some((iv) => iv.endedAt === null && iv.startedAt < day.to);
    if (open && offline !== null && offline < day.to) {
      deferred++;
      continue;
    }
    parts.sort((a, b) => (a.groupId ?? '').localeCompare(b.groupId ?? ''));
    parts.forEach((slice, i) => {
      const f = figuresOf(measureSlice(inputs, slice, day, asOf));
      rows.push({
        cameraId,
        day: date,
        unitId: slice.groupId ?? '',
        stationId: slice.stationId,
        firstPart: i === 0,
        scopeMs: f.scopeMs,
        upMs: f.upMs,
        degradedMs: f.degradedMs,
        downMs: f.downMs,
        noDataMs: f.noDataMs,
        unreachableMs: f.unreachableMs,
        unheardMs: f.unheardMs,
        maintenanceMs: f.maintenanceMs,
        failures: f.failures,
        resolvedOutages: f.resolvedOutages,
        resolvedOutageMs: f.resolvedOutageMs,
      });
    });
  }
  return { rows, deferred };
}
