import type { Logger } from 'pino';
import { PICTURE_CAUSES, type CameraCause, type CameraReference, type CameraStatusValue } from '@camwatch/config';
import type { StationOutbox } from '../outbox/station-outbox.ts';
import { CheckTimeoutError, withDeadline, type ConcurrencyLimiter } from './concurrency-limiter.ts';
import type { Emit } from './emitter.ts';
import { PictureHold } from './picture-hold.ts';
import { PictureReferenceKeeper } from './picture-reference-keeper.ts';
import { emptyReference, parseReference, REFERENCE_MIN_SAMPLES } from '../picture/picture-reference.ts';
import { isDHash } from '../picture/dhash.ts';
import { monotonicNow, type CameraProber, type CameraTarget, type CameraVerdict, type Clock } from './ports.ts';

export interface MonitorTiming {
  pictureCheckMs: number;
  /** Consecutive picture checks that must agree on a new picture fault before it is reported. */
  pictureConfirmSamples: number;
  statusRefreshMs: number;
  checkTimeoutMs: number;
}

export interface CameraSummary {
  cameraId: string;
  status: CameraStatusValue | null;
  cause: CameraCause | null;
  detail: string;
  lastProbeAt: number | null;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Checks one camera and reports by exception: a status goes out when status or cause changes, and
 * unchanged every `statusRefreshMs`. Holds the reference picture hash for "view changed", and the
 * last picture verdict between picture checks (`PictureHold`).
 */
export class CameraMonitor {
  private status: CameraStatusValue | null = null;
  private cause: CameraCause | null = null;
  private detail = '';
  /** Monotonic (see `Clock.monotonic`): a stepped wall clock must not hold back refreshes or picture checks. */
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private lastDeepAt = Number.NEGATIVE_INFINITY;
  private lastProbeAt: number | null = null;
  private probing: Promise<CameraVerdict | null> | null = null;
  private probingDeep = false;
  /** A deep probe asked for while a basic one ran: it runs right after, shared by every such caller. */
  private deepAfter: Promise<CameraVerdict | null> | null = null;
  /** Inconclusive (timed-out) verdicts held back in a row, see awaitsConfirmation. */
  private unconfirmed = 0;
  /** Status or cause changed since the last snapshot: what a budget-starved station still sends a snapshot for. */
  changedSinceSnapshot = false;
  private reference: string | null;
  /** Where the reference being built comes from: a person's acceptance stays its origin until the next one. */
  private referenceOrigin: 'learnt' | 'accepted' = 'learnt';
  /** The reference view was learnt in this boot without a person: the hub's copy (a reinstall) takes precedence. */
  private learntThisBoot = false;
  private readonly pictureHold: PictureHold;
  private readonly pictureReference: PictureReferenceKeeper;
  readonly log: Logger;

  constructor(
    public target: CameraTarget,
    private readonly deps: {
      prober: CameraProber;
      limiter: ConcurrencyLimiter;
      emit: Emit;
      outbox: StationOutbox;
      clock: Clock;
      logger: Logger;
      signal: AbortSignal;
      timing: () => MonitorTiming;
      counters: { probes: number; probeErrors: number; snapshots: number; snapshotErrors: number };
      /** A snapshot of `jpegBytes` fitted to `capBytes` is about to be emitted (the byte budget learns its cost). */
      onSnapshot?: (jpegBytes: number, capBytes: number) => void;
      /** The byte budget's cap for a snapshot the agent takes on its own (the reference one), when below the configured one. */
      budgetCap?: () => number | undefined;
    },
  ) {
    this.log = deps.logger.child({ cameraId: target.cameraId });
    this.reference = deps.outbox.getReference(target.cameraId);
    this.pictureHold = new PictureHold(deps.timing().pictureConfirmSamples);
    this.pictureReference = new PictureReferenceKeeper(target.cameraId, deps.outbox, this.log);
  }

  /**
   * The agent holds a reference view of this camera that it did not merely learn since this boot (the
   * birth says so; otherwise the hub sends back the one it keeps). On a slow 4G link the first picture
   * check often ends before the first connect, so "learnt since boot" must not count as having one.
   */
  get hasReference(): boolean {
    return this.reference !== null && !this.learntThisBoot;
  }

  /** The reference view this camera is judged against, if any. */
  get referenceView(): string | null {
    return this.reference;
  }

  /**
   * A person accepted what the camera sees now as its reference (after a deliberate re-aim or a
   * repair): both references are dropped and a picture check runs at once; a good picture becomes
   * the new reference (which clears "view changed"). Returns the check's verdict.
   */
  async acceptView(): Promise<CameraVerdict | null> {
    // A probe already running judges against the old reference: let it finish first.
    await this.probing?.catch(() => null);
    const now = this.deps.clock.now();
    this.reference = null;
    this.referenceOrigin = 'accepted';
    this.learntThisBoot = false;
    this.pictureReference.replace(emptyReference(), now);
    this.deps.outbox.clearReference(this.target.cameraId);
    // The hub mirrors it, so that it never gives the old view back to this camera after a reinstall.
    this.deps.emit('event', {
      kind: 'reference_updated',
      cameraId: this.target.cameraId,
      message: 'reference dropped on a person’s request; the next good picture becomes the reference',
      gap: null,
      reference: this.referencePayload(),
    });
    return this.probe(true);
  }

  /**
   * The hub's copy of the reference, for an agent that had none at boot (reinstalled, or its store
   * lost). Returns false (nothing changed) when a person accepted a view meanwhile. Throws RangeError
   * on a reference it cannot read.
   */
  restoreReference(ref: CameraReference): boolean {
    // A view learnt since this boot is whatever the camera showed after the reinstall (turned away, maybe): the
    // hub's is the one that was judged normal before. A view a person accepted since is kept.
    if (this.reference !== null && !this.learntThisBoot) return false;
    if (ref.frameHash !== null && !isDHash(ref.frameHash)) throw new RangeError('reference view hash is not a dHash');
    const picture = ref.picture === null ? emptyReference() : parseReference(ref.picture);
    const now = this.deps.clock.now();
    this.pictureReference.replace(picture, now);
    this.learntThisBoot = false;
    this.referenceOrigin = 'learnt';
    this.reference = ref.frameHash;
    if (ref.frameHash === null) this.deps.outbox.clearReference(this.target.cameraId);
    else this.deps.outbox.setReference(this.target.cameraId, ref.frameHash, now);
    this.deps.emit('event', {
      kind: 'reference_updated',
      cameraId: this.target.cameraId,
      message: 'reference restored from the hub after a reinstall',
      gap: null,
    });
    return true;
  }

  /** What the hub keeps of this camera's reference. */
  private referencePayload(): CameraReference {
    return { frameHash: this.reference, picture: this.pictureReference.serialised(), origin: this.referenceOrigin };
  }

  summary(): CameraSummary {
    return { cameraId: this.target.cameraId, status: this.status, cause: this.cause, detail: this.detail, lastProbeAt: this.lastProbeAt };
  }

  /**
   * One probe (deep when the picture check is due or `forceDeep`); concurrent calls share the
   * running one, except that a forced deep probe (the hub's reprobe) does not settle for a running
   * basic one: it gets a deep probe run right after it.
   */
  probe(forceDeep = false): Promise<CameraVerdict | null> {
    if (this.probing) {
      if (!forceDeep || this.probingDeep) return this.probing;
      this.deepAfter ??= this.probing.then(() => {
        this.deepAfter = null;
        return this.probe(true);
      });
      return this.deepAfter;
    }
    const { pictureCheckMs } = this.deps.timing();
    const deep = forceDeep || this.pictureHold.deepWanted || monotonicNow(this.deps.clock) - this.lastDeepAt >= pictureCheckMs;
    this.probingDeep = deep;
    this.probing = this.runProbe(deep).finally(() => {
      this.probing = null;
    });
    return this.probing;
  }

  /** `maxBytes`: the daily byte budget's cap for this one, when below the configured cap. */
  async snapshot(trigger: 'scheduled' | 'command' | 'reference', maxBytes?: number): Promise<boolean> {
    const { prober, limiter, emit, counters, signal } = this.deps;
    if (trigger === 'scheduled' && this.status === 'down') return false;
    const { checkTimeoutMs } = this.deps.timing();
    try {
      const shot = await limiter.run(() =>
        withDeadline(signal, checkTimeoutMs, (s) =>
          prober.snapshot(this.target, {
            signal: s,
            timeoutMs: checkTimeoutMs,
            referenceHash: this.reference,
            ...(maxBytes === undefined ? {} : { snapshotMaxBytes: maxBytes }),
          }),
        ),
      );
      if (signal.aborted) return false;
      counters.snapshots++;
      this.changedSinceSnapshot = false;
      this.deps.onSnapshot?.(shot.jpeg.length, maxBytes ?? Number.POSITIVE_INFINITY);
      return emit('snapshot', { cameraId: this.target.cameraId, width: shot.width, height: shot.height, trigger }, shot.jpeg) !== null;
    } catch (err) {
      counters.snapshotErrors++;
      this.log.warn({ err: (err as Error).message, trigger }, 'snapshot failed');
      return false;
    }
  }

  private async runProbe(deep: boolean): Promise<CameraVerdict | null> {
    const { prober, limiter, clock, counters, signal } = this.deps;
    const { checkTimeoutMs } = this.deps.timing();
    const started = monotonicNow(clock);
    let verdict: CameraVerdict;
    try {
      verdict = await limiter.run(() =>
        withDeadline(signal, checkTimeoutMs, (s) =>
          prober.probe(
            this.target,
            { signal: s, timeoutMs: checkTimeoutMs, referenceHash: this.reference, pictureReference: this.pictureReference.current },
            deep,
          ),
        ),
      );
    } catch (err) {
      if (signal.aborted) return null;
      if (!(err instanceof CheckTimeoutError)) {
        counters.probeErrors++;
        this.log.error({ err: (err as Error).message }, 'probe failed inside the agent; status unchanged');
        return null;
      }
      // The whole probe ran out of time (a loaded station, a slow link): not yet evidence against the camera.
      verdict = {
        status: 'down',
        cause: 'unreachable',
        detail: `timed out: ${err.message}`,
        stream: null,
        picture: null,
        frameHash: null,
        inconclusive: true,
      };
    }
    if (signal.aborted) return null;
    counters.probes++;
    const now = clock.now();
    const mono = monotonicNow(clock);
    this.lastProbeAt = now;
    if (this.awaitsConfirmation(verdict)) return verdict;
    // Only a picture check that produced a picture counts as done; one that ran out of time is retried next probe.
    if (deep && verdict.picture) this.lastDeepAt = mono;
    const settled = this.pictureHold.settle(verdict, mono);
    this.report(settled, mono - started, mono);
    if (deep && verdict.status === 'ok' && verdict.frameHash && !this.reference) this.adoptReference(verdict.frameHash, now);
    if (
      verdict.picture &&
      verdict.pictureSummary &&
      !(verdict.causes ?? [verdict.cause]).some((c) => c !== null && PICTURE_CAUSES.has(c))
    ) {
      for (const mode of this.pictureReference.learn(verdict.pictureSummary, now)) {
        this.deps.emit('event', {
          kind: 'reference_updated',
          cameraId: this.target.cameraId,
          message: `${mode === 'day' ? 'day' : 'infrared night'} picture reference built from ${REFERENCE_MIN_SAMPLES} ok samples; picture faults are now judged against it`,
          gap: null,
          reference: this.referencePayload(),
        });
      }
    }
    return settled;
  }

  /**
   * A verdict that rests only on checks that ran out of time, and is worse than what was
   * reported, is held once: the next probe confirms it (still bad: reported) or clears it.
   * The picture check stays due, so a deep probe that timed out is repeated deep.
   */
  private awaitsConfirmation(verdict: CameraVerdict): boolean {
    if (!verdict.inconclusive) {
      this.unconfirmed = 0;
      return false;
    }
    const rank = { ok: 0, degraded: 1, down: 2 } as const;
    const worse = this.status === null || rank[verdict.status] > rank[this.status];
    if (!worse || this.unconfirmed >= 1) return false;
    this.unconfirmed++;
    this.log.info(
      { status: verdict.status, cause: verdict.cause, detail: verdict.detail },
      'check ran out of time; confirming at the next probe before reporting',
    );
    return true;
  }

  private report(verdict: CameraVerdict, checkMs: number, mono: number): void {
    const cause = verdict.status === 'ok' ? null : verdict.cause;
    const changed = verdict.status !== this.status || cause !== this.cause;
    const refreshDue = mono - this.lastSentAt >= this.deps.timing().statusRefreshMs;
    this.detail = verdict.detail;
    if (!changed && !refreshDue) return;
    if (changed) {
      this.log.info({ from: this.status, to: verdict.status, cause: verdict.cause }, 'camera status changed');
      this.changedSinceSnapshot = true;
    }
    const record = this.deps.emit('cameraStatus', {
      cameraId: this.target.cameraId,
      status: verdict.status,
      cause,
      detail: clip(verdict.detail, 256),
      stream: verdict.stream,
      picture: verdict.picture,
      checkMs: Math.min(3_600_000, Math.max(0, Math.round(checkMs))),
    });
    if (!record) return;
    this.status = verdict.status;
    this.cause = cause;
    this.lastSentAt = mono;
  }

  /** The first good frame becomes the reference "this is where the camera should look". */
  private adoptReference(hash: string, now: number): void {
    this.reference = hash;
    this.learntThisBoot = this.referenceOrigin === 'learnt';
    this.deps.outbox.setReference(this.target.cameraId, hash, now);
    this.deps.emit('event', {
      kind: 'reference_updated',
      cameraId: this.target.cameraId,
      message: `${this.referenceOrigin === 'accepted' ? 'reference picture accepted' : 'reference picture set'} (dHash ${hash})`,
      gap: null,
      reference: this.referencePayload(),
    });
    void this.snapshot('reference', this.deps.budgetCap?.());
  }
}
