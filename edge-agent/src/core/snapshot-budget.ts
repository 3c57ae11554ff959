import type { Logger } from 'pino';
import { startOfLocalDay } from '@camwatch/config';
import type { DailyByteCounter } from '../mqtt/daily-byte-counter.ts';
import { baseRate, planSnapshots, SNAPSHOT_FRAMING_BYTES, type BudgetPlan } from './byte-budget-planner.ts';
import { monotonicNow, type Clock } from './ports.ts';

export interface BudgetSettings {
  budgetBytes: number;
  cameras: number;
  snapshotMs: number;
  snapshotMaxBytes: number;
  healthMs: number;
  statusRefreshMs: number;
}

/** What the station's health message says about the budget. */
export interface BudgetReport extends BudgetPlan {
  budgetBytes: number;
}

/** A scheduled snapshot due in reduced mode counts as due within this share of the planned interval (scheduler jitter). */
const DUE_TOLERANCE = 0.01;
/** Weight of the newest snapshot in the running average of what a snapshot costs. */
const AVERAGE_WEIGHT = 0.2;

/**
 * Keeps the day's byte budget for one station: decides, per scheduled snapshot, whether it goes and
 * how big it may be (see `planSnapshots`), and says when the mode changes (a warning in the log,
 * the mode in every health message) so a snapshot is never dropped without it being visible.
 */
export class SnapshotBudget {
  private lastShotAt = new Map<string, number>();
  private avgShotBytes: number | null = null;
  /** Wire bytes of the snapshots emitted since start (to tell the base traffic from them). */
  private snapshotBytes = 0;
  private readonly startedMono: number;
  private last: BudgetReport | null = null;
  skipped = 0;

  constructor(
    private readonly deps: {
      bytes: DailyByteCounter;
      /** Hub-corrected wall clock (the local day) with the box's monotonic clock (the cadence). */
      clock: Clock;
      settings: () => BudgetSettings;
      /** Brings the byte counter up to date with the socket. */
      flush: () => void;
      logger: Logger;
    },
  ) {
    this.startedMono = monotonicNow(deps.clock);
  }

  /** The plan as of now (re-planned on every call). */
  plan(): BudgetReport {
    const { bytes, clock, settings, flush, logger } = this.deps;
    flush();
    const s = settings();
    const now = clock.now();
    const observedMs = monotonicNow(clock) - this.startedMono;
    const plan = planSnapshots({
      budgetBytes: s.budgetBytes,
      usedBytes: bytes.today(now).bytes,
      msLeftInDay: Math.max(0, startOfLocalDay(now) + 86_400_000 - now),
      cameras: s.cameras,
      intervalMs: s.snapshotMs,
      maxBytes: s.snapshotMaxBytes,
      baseBytesPerMs: baseRate({
        nonSnapshotBytes: bytes.total - this.snapshotBytes,
        observedMs,
        cameras: s.cameras,
        healthMs: s.healthMs,
        statusRefreshMs: s.statusRefreshMs,
      }),
      avgSnapshotBytes: this.avgShotBytes ?? s.snapshotMaxBytes + SNAPSHOT_FRAMING_BYTES,
    });
    const report = { ...plan, budgetBytes: s.budgetBytes };
    if (this.last && this.last.mode !== report.mode)
      logger.warn(
        { from: this.last.mode, to: report.mode, maxBytes: report.maxBytes, intervalMs: report.intervalMs, budgetBytes: s.budgetBytes },
        report.mode === 'full'
          ? 'snapshots back to their configured size and interval'
          : `snapshots ${report.mode === 'reduced' ? 'reduced' : 'suspended (on change and on command only)'} to stay within the daily byte budget`,
      );
    this.last = report;
    return report;
  }

  /** The last plan, for health; planned now when none was made yet. */
  report(): BudgetReport {
    return this.last ?? this.plan();
  }

  /**
   * A scheduled snapshot of `cameraId` is due: the largest JPEG it may send, or null to skip it
   * (counted in `skipped`). `changed`: the camera's status changed since its last snapshot.
   */
  scheduled(cameraId: string, changed: boolean): number | null {
    const plan = this.plan();
    const mono = monotonicNow(this.deps.clock);
    const last = this.lastShotAt.get(cameraId);
    const due =
      plan.mode === 'full' ||
      (plan.mode === 'reduced' && (last === undefined || mono - last >= plan.intervalMs * (1 - DUE_TOLERANCE))) ||
      changed;
    if (!due) {
      this.skipped++;
      return null;
    }
    this.lastShotAt.set(cameraId, mono);
    return plan.maxBytes;
  }

  /**
   * A snapshot of `jpegBytes`, fitted to `capBytes`, went into the outbox. Only those taken at the
   * configured cap teach what a full snapshot costs: reduced ones would talk the plan back into full.
   */
  taken(jpegBytes: number, capBytes: number): void {
    const wire = jpegBytes + SNAPSHOT_FRAMING_BYTES;
    this.snapshotBytes += wire;
    if (capBytes < this.deps.settings().snapshotMaxBytes) return;
    this.avgShotBytes = this.avgShotBytes === null ? wire : this.avgShotBytes + AVERAGE_WEIGHT * (wire - this.avgShotBytes);
  }

  forget(cameraId: string): void {
    this.lastShotAt.delete(cameraId);
  }
}
