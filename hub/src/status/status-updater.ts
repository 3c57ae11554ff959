import { DEFAULTS } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { StatusRepository } from './status-repository.ts';
import {
  buildCameraTimeline,
  nextLiveness,
  type CameraSample,
  type Liveness,
  type StationSignal,
  type StationTransition,
} from './status-rules.ts';

export interface StatusOptions {
  /** How long a sample taken during an outage stays valid (the agent re-sends status this often, plus a heartbeat of grace). */
  offlineHoldMs: number;
  offlineAfterMs: number;
  /**
   * How long a Last Will is held (a pending outage) for a station whose birth announced no will
   * delay; a station that announced one is held for it. 0 applies such a will at once, as an MQTT
   * 3.1.1 station has no delay to respect and older agents announce none.
   */
  defaultWillGraceMs?: number;
}

export const DEFAULT_STATUS_OPTIONS: StatusOptions = {
  offlineHoldMs: DEFAULTS.statusRefreshIntervalMs.value + DEFAULTS.healthIntervalMs.value,
  offlineAfterMs: DEFAULTS.stationOfflineAfterMs.value,
  defaultWillGraceMs: 0,
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

export interface SignalsApplied {
  transitions: AppliedTransition[];
  liveness: Map<string, Liveness>;
  /** Cameras whose timeline was rebuilt, and from when. */
  recomputed: Map<string, number>;
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
   * Signals in arrival order. Returns the station transitions made, the stations' liveness after
   * them, and the cameras recomputed (with the time from which). `last_seen_at` is written only
   * when it moved by LAST_SEEN_RESOLUTION_MS (or the state changed): every message is a sign of
   * life, and writing each would double the rows a batch touches, for a timeout measured in minutes.
   * Set-based: a storm of transitions costs the same few statements as one.
   */
  async applySignals(db: Db, signals: readonly { stationId: string; signal: StationSignal }[]): Promise<SignalsApplied> {
    if (signals.length === 0) return { transitions: [], liveness: new Map(), recomputed: new Map() };
    const stored = await this.repo.liveness(db, [...new Set(signals.map((s) => s.stationId))]);
    const current = new Map(stored);
    const transitions: AppliedTransition[] = [];
    for (const { stationId, signal: given } of signals) {
      const signal = given.kind === 'state' ? { defaultWillGraceMs: this.opts.defaultWillGraceMs ?? 0, ...given } : given;
      const step = nextLiveness(current.get(stationId) ?? null, signal);
      if (!step.liveness) continue;
      current.set(stationId, step.liveness);
      if (step.transition) transitions.push({ stationId, ...step.transition });
    }
    const changed = new Map<string, Liveness>();
    for (const [id, l] of current) {
      const before = stored.get(id);
      if (
        !before ||
        before.state !== l.state ||
        before.changedAt !== l.changedAt ||
        before.bootId !== l.bootId ||
        before.connectionId !== l.connectionId ||
        before.pendingWill?.dueAt !== l.pendingWill?.dueAt ||
        (before.willDelayMs ?? null) !== (l.willDelayMs ?? null) ||
        l.lastSeenAt - before.lastSeenAt >= LAST_SEEN_RESOLUTION_MS
      )
        changed.set(id, l);
    }
    await this.repo.saveLiveness(db, changed);
    const recomputed = new Map<string, number>();
    if (transitions.length) {
      await this.repo.applyStationTransitions(db, transitions);
      // Every camera of a station that changed, once, from the station's first transition.
      const from = new Map<string, number>();
      for (const t of transitions) from.set(t.stationId, Math.min(from.get(t.stationId) ?? t.at, t.at));
      const cameras = (await this.repo.stationCameraIds(db, [...from.keys()])).map((c) => ({ ...c, from: from.get(c.stationId)! }));
      await this.recomputeCameras(db, cameras);
      for (const c of cameras) recomputed.set(c.cameraId, Math.min(recomputed.get(c.cameraId) ?? c.from, c.from));
    }
    return { transitions, liveness: current, recomputed };
  }

  /** Marks offline every station silent for longer than `offlineAfterMs`. */
  async sweepTimeouts(db: Db, now: number): Promise<AppliedTransition[]> {
    const silent = await this.repo.silentStations(db, now - this.opts.offlineAfterMs);
    if (silent.length === 0) return [];
    await this.repo.lockStations(db, silent);
    const out = await this.applySignals(
      db,
      silent.map((stationId) => ({ stationId, signal: { kind: 'timeout', now, offlineAfterMs: this.opts.offlineAfterMs } })),
    );
    return out.transitions;
  }

  /**
   * Applies the held Last Wills due by `heardUntil`, the time up to which every hub has heard the
   * fleet: a station heard again before that has had its will dropped by the message. Under the
   * stations' locks and re-checked there, so of several hubs sweeping at once one applies each will.
   */
  async sweepWills(db: Db, heardUntil: number): Promise<AppliedTransition[]> {
    const due = await this.repo.dueWills(db, heardUntil);
    if (due.length === 0) return [];
    await this.repo.lockStations(db, due);
    const out = await this.applySignals(
      db,
      due.map((stationId) => ({ stationId, signal: { kind: 'willDue', heardUntil } })),
    );
    return out.transitions;
  }

  /**
   * New (not duplicate) camera samples. A sample continuing the open interval of an online
   * station takes the hot path; anything else (late, replayed, first ever, or overtaken by a
   * later sample stored by another batch or hub) recomputes the camera's timeline from the
   * sample's time on, so it lands in its true slot. Cameras already recomputed by `applySignals`
   * from no later than their first sample need nothing more: that read this batch's samples.
   */
  async applyCameraSamples(
    db: Db,
    samples: readonly CameraSampleIn[],
    liveness?: ReadonlyMap<string, Liveness>,
    recomputed?: ReadonlyMap<string, number>,
  ): Promise<void> {
    if (samples.length === 0) return;
    const byCamera = new Map<string, CameraSampleIn[]>();
    for (const s of samples) byCamera.set(s.cameraId, [...(byCamera.get(s.cameraId) ?? []), s]);
    for (const [cameraId, list] of byCamera) {
      const done = recomputed?.get(cameraId);
      if (done !== undefined && list.every((s) => s.ts >= done)) byCamera.delete(cameraId);
    }
    if (byCamera.size === 0) return;
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
      const hot =
        cur && cur.stationId === first.stationId && station?.state === 'online' && first.ts > cur.start && first.ts >= station.changedAt;
      if (!hot) {
        recompute.push({ cameraId, stationId: first.stationId, from: first.ts });
        continue;
      }
      let state = { status: cur.status, cause: cur.cause, start: cur.start };
      const local: typeof switches = [];
      for (const s of list) {
        if (s.status === state.status && s.cause === state.cause) continue;
        if (s.ts <= state.start) break;
        local.push({ cameraId, stationId: s.stationId, at: s.ts, status: s.status, cause: s.cause, last: list[list.length - 1]!.ts });
        state = { status: s.status, cause: s.cause, start: s.ts };
      }
      // Several changes of one camera in one batch are rare: recompute rather than chain updates.
      if (local.length > 1) recompute.push({ cameraId, stationId: first.stationId, from: local[0]!.at });
      else switches.push(...local);
    }
    // A change must not overtake a later sample already stored (another hub, a redelivery): then recompute.
    const overtaken = await this.repo.switchOpenIntervals(db, switches);
    for (const s of switches) if (overtaken.has(s.cameraId)) recompute.push({ cameraId: s.cameraId, stationId: s.stationId, from: s.at });
    await this.recomputeCameras(db, recompute);
  }

  /** Rebuilds each camera's intervals from its `from` on, from the stored samples and station periods, in a few set-based statements. */
  async recomputeCameras(db: Db, requests: readonly { cameraId: string; stationId: string; from: number }[]): Promise<void> {
    if (requests.length === 0) return;
    const byCamera = new Map<string, { cameraId: string; stationId: string; from: number }>();
    for (const r of requests) {
      const seen = byCamera.get(r.cameraId);
      if (!seen || r.from < seen.from) byCamera.set(r.cameraId, { ...r, stationId: seen?.stationId ?? r.stationId });
    }
    const samples = await this.repo.cameraSamplesFrom(db, new Map([...byCamera.values()].map((r) => [r.cameraId, r.from])));
    const periodsFrom = new Map<string, number>();
    const cameraPeriodsFrom = new Map<string, number>();
    for (const r of byCamera.values()) {
      const pf = Math.min(r.from, samples.get(r.cameraId)?.[0]?.ts ?? r.from);
      cameraPeriodsFrom.set(r.cameraId, pf);
      periodsFrom.set(r.stationId, Math.min(periodsFrom.get(r.stationId) ?? pf, pf));
    }
    const periods = await this.repo.stationPeriods(db, periodsFrom);
    const plans = [...byCamera.values()].map((r) => {
      const pf = cameraPeriodsFrom.get(r.cameraId)!;
      const station = (periods.get(r.stationId) ?? []).filter((p) => p.end === null || p.end > pf);
      return {
        ...r,
        next: buildCameraTimeline({
          from: r.from,
          samples: samples.get(r.cameraId) ?? [],
          station,
          offlineHoldMs: this.opts.offlineHoldMs,
        }),
      };
    });
    await this.repo.replaceCameraIntervals(db, plans);
  }
}
