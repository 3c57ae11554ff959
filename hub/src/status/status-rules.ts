/**
 * Layered status, as pure functions (no SQL, no clock): station liveness from connection signals,
 * and each camera's status timeline from its samples and its station's online/offline periods.
 * The repository loads the inputs and writes the intervals these functions return.
 */
import type { CameraStatusValue } from '@camwatch/config';

export type StationStatus = 'online' | 'offline';
export type CameraState = CameraStatusValue | 'unknown';

/** Causes the hub adds to the agent's causes for `unknown`. */
export const UNKNOWN_CAUSES = { stationOffline: 'station_offline', noData: 'no_data' } as const;

export interface Liveness {
  state: StationStatus;
  bootId: string | null;
  connectionId: number | null;
  lastSeenAt: number;
  changedAt: number;
  /**
   * A Last Will received and held, not yet applied (see `PendingWill`); absent or null: none.
   * Kept with the liveness row, so a hub restart or another hub of the fleet finds it.
   */
  pendingWill?: PendingWill | null;
  /** The will delay the station announced in its latest birth, in ms; absent or null: never announced. */
  willDelayMs?: number | null;
}

/**
 * A Last Will is a *pending* outage. Mosquitto publishes the wills of every connected client when
 * it shuts down, whatever their will delay, and an MQTT 3.1.1 broker publishes one on every blip:
 * a station back within its will delay was never unreachable. So the will is held until `dueAt`
 * (its receipt plus the station's will delay) and dropped if the station is heard again meanwhile;
 * only then does the station go offline, at `at` (when the will arrived), so the timeline of a
 * real death is the same as if the will had been applied at once.
 */
export interface PendingWill {
  at: number;
  dueAt: number;
}

export type StationSignal =
  /**
   * A message received from the station over its live connection and stored for the first time
   * (`at` = hub receive time; a redelivered duplicate is no sign of life). `bootId` is the boot
   * that sent it, so a Last Will of an earlier boot is recognised even before a `state` was seen.
   */
  | { kind: 'message'; at: number; bootId?: string; willDelayMs?: number }
  /**
   * The retained `state` topic: `online` after a connect, `offline` as the Last Will. `defaultWillGraceMs`:
   * how long to hold the will of a station that never announced its will delay (the hub's setting; 0 by default).
   */
  | {
      kind: 'state';
      state: StationStatus;
      bootId: string;
      connectionId: number;
      at: number;
      retained: boolean;
      defaultWillGraceMs?: number;
    }
  /** Periodic check: nothing heard for `offlineAfterMs`. */
  | { kind: 'timeout'; now: number; offlineAfterMs: number }
  /** Periodic check: every hub has heard up to `heardUntil`; a will held until then with no sign of life is applied. */
  | { kind: 'willDue'; heardUntil: number };

export interface StationTransition {
  status: StationStatus;
  at: number;
  cause: 'message' | 'connected' | 'last_will' | 'timeout';
}

export interface LivenessStep {
  /** null only for a timeout check of a station never heard. */
  liveness: Liveness | null;
  transition: StationTransition | null;
}

/** Applies one signal to a station's liveness; returns the new state and the status change it causes, if any. */
export function nextLiveness(cur: Liveness | null, sig: StationSignal): LivenessStep {
  switch (sig.kind) {
    case 'message': {
      const lastSeenAt = Math.max(cur?.lastSeenAt ?? sig.at, sig.at);
      // A message of another boot: the connection it came on is not the one we knew.
      const newBoot = sig.bootId !== undefined && sig.bootId !== cur?.bootId;
      const ids = newBoot
        ? { bootId: sig.bootId!, connectionId: null }
        : { bootId: cur?.bootId ?? null, connectionId: cur?.connectionId ?? null };
      const delay = sig.willDelayMs !== undefined ? { willDelayMs: sig.willDelayMs } : {};
      if (cur?.state === 'online') {
        // Heard after the will arrived (or from a new boot): the station is back, the will was no death.
        const will = cur.pendingWill && (newBoot || sig.at >= cur.pendingWill.at) ? { pendingWill: null } : {};
        return { liveness: { ...cur, ...ids, lastSeenAt, ...delay, ...will }, transition: null };
      }
      const step = goOnline(cur, { lastSeenAt, ...ids }, sig.at, 'message');
      return { ...step, liveness: { ...step.liveness!, ...delay } };
    }
    case 'state': {
      if (sig.state === 'online') {
        const ids = { bootId: sig.bootId, connectionId: sig.connectionId };
        // The `online` of a connection we already know (or an earlier one of the same boot): redelivered
        // after a crash, caught up by a second hub, or the retained copy on (re)subscribe. It says that
        // connection was made, not that it is alive now: it neither revives a station whose Last Will or
        // timeout was processed for it, nor counts as fresh life.
        if (cur && knownConnection(cur, sig.bootId, sig.connectionId)) return { liveness: cur, transition: null };
        // A retained `online` of a connection not seen yet: made while this hub was away, and the broker
        // has not published its will. The station is online, but the message is not fresh: lastSeenAt stays.
        const lastSeenAt = sig.retained && cur ? cur.lastSeenAt : Math.max(cur?.lastSeenAt ?? sig.at, sig.at);
        // A newer connection than the one whose will is held: the station reconnected, the will is void.
        if (cur?.state === 'online') return { liveness: { ...cur, ...ids, lastSeenAt, ...voidWill(cur) }, transition: null };
        return goOnline(cur, { ...ids, lastSeenAt }, sig.at, 'connected');
      }
      // A Last Will of an earlier connection arrives after the station already reconnected: ignore it.
      if (cur && cur.bootId !== null && (cur.bootId !== sig.bootId || (cur.connectionId !== null && cur.connectionId !== sig.connectionId)))
        return { liveness: cur, transition: null };
      if (cur?.state === 'offline') return { liveness: { ...cur, bootId: sig.bootId, connectionId: sig.connectionId }, transition: null };
      // A retained will seen on (re)subscribe tells us nothing about when: the last message heard is the best bound.
      const at = sig.retained && cur ? cur.lastSeenAt : sig.at;
      const graceMs = cur?.willDelayMs ?? sig.defaultWillGraceMs ?? 0;
      if (cur && graceMs > 0) {
        // The same will again (the retained copy, a second hub, a redelivery): the first receipt stands.
        if (cur.pendingWill) return { liveness: { ...cur, bootId: sig.bootId, connectionId: sig.connectionId }, transition: null };
        const pendingWill = { at, dueAt: sig.at + graceMs };
        return { liveness: { ...cur, bootId: sig.bootId, connectionId: sig.connectionId, pendingWill }, transition: null };
      }
      return goOffline(cur, at, 'last_will', { bootId: sig.bootId, connectionId: sig.connectionId });
    }
    case 'timeout': {
      if (!cur || cur.state !== 'online' || sig.now - cur.lastSeenAt < sig.offlineAfterMs) return { liveness: cur, transition: null };
      return goOffline(cur, cur.lastSeenAt, 'timeout', {});
    }
    case 'willDue': {
      const will = cur?.pendingWill;
      if (!cur || cur.state !== 'online' || !will || will.dueAt > sig.heardUntil) return { liveness: cur, transition: null };
      // Backdated to the will's arrival: the hold only delays showing the outage, it does not move it.
      return goOffline(cur, will.at, 'last_will', {});
    }
  }
}

/** The same boot and a connection at or before the one we know (connection ids count up within a boot). */
function knownConnection(cur: Liveness, bootId: string, connectionId: number): boolean {
  return cur.bootId === bootId && cur.connectionId !== null && connectionId <= cur.connectionId;
}

function goOnline(
  cur: Liveness | null,
  fields: Pick<Liveness, 'lastSeenAt' | 'bootId' | 'connectionId'>,
  at: number,
  cause: StationTransition['cause'],
): LivenessStep {
  const when = afterChange(cur, at);
  const kept = cur?.willDelayMs !== undefined ? { willDelayMs: cur.willDelayMs } : {};
  return {
    liveness: { state: 'online', ...fields, changedAt: when, ...kept, ...voidWill(cur) },
    transition: { status: 'online', at: when, cause },
  };
}

function goOffline(
  cur: Liveness | null,
  at: number,
  cause: StationTransition['cause'],
  ids: Partial<Pick<Liveness, 'bootId' | 'connectionId'>>,
): LivenessStep {
  const when = afterChange(cur, at);
  const base: Liveness = cur ?? { state: 'offline', bootId: null, connectionId: null, lastSeenAt: at, changedAt: when };
  return {
    liveness: { ...base, ...ids, state: 'offline', changedAt: when, ...voidWill(cur) },
    transition: { status: 'offline', at: when, cause },
  };
}

/** Clears a held will (only when there is one: a row without any keeps its shape). */
function voidWill(cur: Liveness | null): { pendingWill?: null } {
  return cur?.pendingWill ? { pendingWill: null } : {};
}

/** Transitions never go back before the previous one (intervals have positive length). */
function afterChange(cur: Liveness | null, at: number): number {
  return cur && at <= cur.changedAt ? cur.changedAt + 1 : at;
}

export interface CameraSample {
  ts: number;
  status: CameraStatusValue;
  cause: string | null;
}

export interface StationPeriod {
  status: StationStatus;
  start: number;
  /** null: still open. */
  end: number | null;
}

export interface StatusInterval {
  status: CameraState;
  cause: string | null;
  start: number;
  end: number | null;
}

export interface TimelineInput {
  /** Recompute from here on; nothing before `from` is returned. */
  from: number;
  /** Samples at or after the latest sample before `from`, in any order. */
  samples: readonly CameraSample[];
  /** The station's periods covering the samples and `from` onward, in any order. */
  station: readonly StationPeriod[];
  /** How long a sample taken while the station was out of contact (replayed later) stays valid. */
  offlineHoldMs: number;
}

/**
 * The camera's status from `from` on. A sample holds until the next sample, but never across
 * the start of a station outage (from then on the camera is `unknown`, cause `station_offline`,
 * not down). A sample taken during an outage and replayed later fills its true slot and holds
 * for `offlineHoldMs` (the agent re-sends status periodically, so a longer silence is no data);
 * if it reaches the reconnect it carries on until the next sample. Time in an online period with
 * no valid sample is `unknown`/`no_data`; time before the station was ever heard has no interval.
 */
export function buildCameraTimeline(input: TimelineInput): StatusInterval[] {
  const periods = [...input.station].sort((a, b) => a.start - b.start);
  const samples = dedupeByTs([...input.samples].sort((a, b) => a.ts - b.ts));
  const out: StatusInterval[] = [];
  // Base layer: what the station periods alone say.
  for (const p of periods) {
    const cause = p.status === 'offline' ? UNKNOWN_CAUSES.stationOffline : UNKNOWN_CAUSES.noData;
    out.push({ status: 'unknown', cause, start: p.start, end: p.end });
  }
  // Sample layer on top, each sample covering its validity segment.
  let layered = out;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    const end = sampleEnd(s.ts, samples[i + 1]?.ts ?? null, periods, input.offlineHoldMs);
    if (end !== null && end <= s.ts) continue;
    layered = overlay(layered, { status: s.status, cause: s.cause, start: s.ts, end });
  }
  return mergeAdjacent(clipFrom(layered, input.from));
}

function dedupeByTs(sorted: CameraSample[]): CameraSample[] {
  // Two samples with the same timestamp: the later one in the input (higher seq) wins.
  const out: CameraSample[] = [];
  for (const s of sorted) {
    if (out.length && out[out.length - 1]!.ts === s.ts) out[out.length - 1] = s;
    else out.push(s);
  }
  return out;
}

function periodAt(periods: readonly StationPeriod[], t: number): StationPeriod | null {
  for (const p of periods) if (p.start <= t && (p.end === null || t < p.end)) return p;
  return null;
}

function sampleEnd(ts: number, next: number | null, periods: readonly StationPeriod[], holdMs: number): number | null {
  let end = next;
  const here = periodAt(periods, ts);
  if (here?.status !== 'online') {
    // Out of contact (outage or before the station was first heard): valid for holdMs, unless it reaches the next online period.
    const expiry = ts + holdMs;
    const reconnect = periods.find((p) => p.status === 'online' && p.start > ts);
    if (!reconnect || expiry < reconnect.start) return minEnd(end, expiry);
    end = minEnd(end, nextOutageStart(periods, reconnect.start));
    return end;
  }
  return minEnd(end, nextOutageStart(periods, ts));
}

function nextOutageStart(periods: readonly StationPeriod[], after: number): number | null {
  const p = periods.find((q) => q.status === 'offline' && q.start > after);
  return p ? p.start : null;
}

function minEnd(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/** Lays `top` over `base`: the parts of `base` outside `top` remain. */
export function overlay(base: readonly StatusInterval[], top: StatusInterval): StatusInterval[] {
  const out: StatusInterval[] = [];
  const topEnd = top.end ?? Infinity;
  for (const iv of base) {
    const ivEnd = iv.end ?? Infinity;
    if (ivEnd <= top.start || iv.start >= topEnd) {
      out.push(iv);
      continue;
    }
    if (iv.start < top.start) out.push({ ...iv, end: top.start });
    if (ivEnd > topEnd) out.push({ ...iv, start: topEnd });
  }
  out.push(top);
  return out.sort((a, b) => a.start - b.start);
}

function clipFrom(intervals: readonly StatusInterval[], from: number): StatusInterval[] {
  return intervals.filter((iv) => iv.end === null || iv.end > from).map((iv) => (iv.start < from ? { ...iv, start: from } : iv));
}

/** Joins neighbours with the same status and cause that touch. */
export function mergeAdjacent(sorted: readonly StatusInterval[]): StatusInterval[] {
  const out: StatusInterval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && last.end === iv.start && last.status === iv.status && last.cause === iv.cause)
      out[out.length - 1] = { ...last, end: iv.end };
    else out.push({ ...iv });
  }
  return out;
}
