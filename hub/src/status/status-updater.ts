import { DEFAULTS } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { StatusRepository } from '../repositories/status-repository.ts';
import { buildCameraTimeline, nextLiveness, type CameraSample, type Liveness, type StationSignal, type StationTransition } from './status-service.ts';

export interface StatusOptions {
  /** How long a sample taken during an outage stays valid (the agent re-sends status this often, plus a heartbeat of grace). */
  offlineHoldMs: number;
  offlineAfterMs: number;
}

export const DEFAULT_STATUS_OPTIONS: StatusOptions = {
  offlineHoldMs: DEFAULTS.statusRefreshIntervalMs.value + DEFAULTS.healthIntervalMs.value,
  offlineAfterMs: DEFAULTS.stationOfflineAfterMs.value,
};

/** Granularity of the stored `last_seen_at` (the offline timeout is minutes). */
export const LAST_SEEN_RESOLUTION_MS = 5_000;

export interface CameraSampleIn extends CameraSample {
  cameraId: string;
  stationId: string;
}

export interface AppliedTransition extends StationTransition {
  stationId: string;
}

/**
 * Runs inside the ingest transaction: applies station signals and new camera samples to the
 * stored liveness and intervals. Callers lock the stations first (StatusRepository.lockStations).
 */
export class StatusUpdater {
  private readonly repo = new StatusRepository();

  constructor(private readonly opts: StatusOptions = DEFAULT_STATUS_OPTIONS) {}

  lockStations(db: Db, stationIds: readonly string[]): Promise<void> {
    return this.repo.lockStations(db, stationIds);
  }

  /**
   * Signals in arrival order. Returns the station transitions made and the stations' liveness
   * after them. `last_seen_at` is written only when it moved by LAST_SEEN_RESOLUTION_MS (or the
   * state changed): every message is a sign of life, and writing each would double the rows a
   * batch touches, for a timeout measured in minutes.
   */
  async applySignals(db: Db, signals: readonly { stationId: string; signal: StationSignal }[]): Promise<{ transitions: AppliedTransition[]; liveness: Map<string, Liveness> }> {
    if (signals.length === 0) return { transitions: [], liveness: new Map() };
    const stored = await this.repo.liveness(db, [...new Set(signals.map((s) => s.stationId))]);
    const current = new Map(stored);
    const transitions: AppliedTransition[] = [];
    for (const { stationId, signal } of signals) {
      const step = nextLiveness(current.get(stationId) ?? null, signal);
      if (!step.liveness) continue;
      current.set(stationId, step.liveness);
      if (step.transition) transitions.push({ stationId, ...step.transition });
    }
    const changed = new Map<string, Liveness>();
    for (const [id, l] of current) {
      const before = stored.get(id);
      if (!before || before.state !== l.state || before.changedAt !== l.changedAt || before.bootId !== l.bootId || before.connectionId !== l.connectionId ||
        l.lastSeenAt - before.lastSeenAt >= LAST_SEEN_RESOLUTION_MS) changed.set(id, l);
    }
    await this.repo.saveLiveness(db, changed);
    for (const t of transitions) {
      await this.repo.applyStationTransition(db, t.stationId, t);
      for (const cameraId of await this.repo.stationCameraIds(db, t.stationId)) await this.recomputeCamera(db, cameraId, t.stationId, t.at);
    }
    return { transitions, liveness: current };
  }

  /** Marks offline every station silent for longer than `offlineAfterMs`. */
  async sweepTimeouts(db: Db, now: number): Promise<AppliedTransition[]> {
    const silent = await this.repo.silentStations(db, now - this.opts.offlineAfterMs);
    if (silent.length === 0) return [];
    await this.repo.lockStations(db, silent);
    const out = await this.applySignals(db, silent.map((stationId) => ({ stationId, signal: { kind: 'timeout', now, offlineAfterMs: this.opts.offlineAfterMs } })));
    return out.transitions;
  }

  /**
   * New (not duplicate) camera samples. A sample continuing the open interval of an online
   * station takes the hot path; anything else (late, replayed, first ever) recomputes the
   * camera's timeline from the sample's time on, so it lands in its true slot.
   */
  async applyCameraSamples(db: Db, samples: readonly CameraSampleIn[], liveness?: ReadonlyMap<string, Liveness>): Promise<void> {
    if (samples.length === 0) return;
    const byCamera = new Map<string, CameraSampleIn[]>();
    for (const s of samples) byCamera.set(s.cameraId, [...(byCamera.get(s.cameraId) ?? []), s]);
    const open = await this.repo.openCameraIntervals(db, [...byCamera.keys()]);
    const stationIds = [...new Set(samples.map((s) => s.stationId))];
    const live = liveness && stationIds.every((id) => liveness.has(id)) ? liveness : await this.repo.liveness(db, stationIds);
    const switches: Parameters<StatusRepository['switchOpenIntervals']>[1][number][] = [];
    const recompute: { cameraId: string; stationId: string; from: number }[] = [];
    for (const [cameraId, list] of byCamera) {
      list.sort((a, b) => a.ts - b.ts);
      const first = list[0]!;
      const cur = open.get(cameraId);
      const station = live.get(first.stationId);
      const hot = cur && cur.stationId === first.stationId && station?.state === 'online' && first.ts > cur.start && first.ts >= station.changedAt;
      if (!hot) {
        recompute.push({ cameraId, stationId: first.stationId, from: first.ts });
        continue;
      }
      let state = { status: cur.status, cause: cur.cause, start: cur.start };
      const local: typeof switches = [];
      for (const s of list) {
        if (s.status === state.status && s.cause === state.cause) continue;
        if (s.ts <= state.start) break;
        local.push({ cameraId, stationId: s.stationId, at: s.ts, status: s.status, cause: s.cause });
        state = { status: s.status, cause: s.cause, start: s.ts };
      }
      // Several changes of one camera in one batch are rare: recompute rather than chain updates.
      if (local.length > 1) recompute.push({ cameraId, stationId: first.stationId, from: local[0]!.at });
      else switches.push(...local);
    }
    await this.repo.switchOpenIntervals(db, switches);
    for (const r of recompute) await this.recomputeCamera(db, r.cameraId, r.stationId, r.from);
  }

  async recomputeCamera(db: Db, cameraId: string, stationId: string, from: number): Promise<void> {
    const samples = await this.repo.cameraSamplesFrom(db, cameraId, from);
    const periodsFrom = Math.min(from, samples[0]?.ts ?? from);
    const station = await this.repo.stationPeriods(db, stationId, periodsFrom);
    const timeline = buildCameraTimeline({ from, samples, station, offlineHoldMs: this.opts.offlineHoldMs });
    await this.repo.replaceCameraIntervals(db, cameraId, stationId, from, timeline);
  }
}
