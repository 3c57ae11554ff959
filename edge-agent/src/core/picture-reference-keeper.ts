import type { Logger } from 'pino';
import type { StationOutbox } from '../outbox/station-outbox.ts';
import {
  emptyReference,
  learn,
  parseReference,
  REFERENCE_MIN_SAMPLES,
  serialiseReference,
  type ModeReference,
  type PictureMode,
  type PictureReference,
} from '../picture/picture-reference.ts';

const MODES: readonly PictureMode[] = ['day', 'night'];

/**
 * One camera's day and night picture references, kept in the station's SQLite next to the
 * outbox so they survive a restart. Built from several ok samples (never the first frame alone);
 * a stored reference that does not parse is logged and learnt again rather than trusted.
 */
export class PictureReferenceKeeper {
  private ref: PictureReference;

  constructor(
    private readonly cameraId: string,
    private readonly outbox: StationOutbox,
    log: Logger,
  ) {
    const stored = outbox.getPictureReference(cameraId);
    this.ref = emptyReference();
    if (stored === null) return;
    try {
      this.ref = parseReference(stored);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'stored picture reference unreadable; learning it again');
    }
  }

  get current(): PictureReference {
    return this.ref;
  }

  /** True once either mode has a reference that judges (not merely a sample or two). */
  get judging(): boolean {
    return (this.ref.day?.samples ?? 0) >= REFERENCE_MIN_SAMPLES || (this.ref.night?.samples ?? 0) >= REFERENCE_MIN_SAMPLES;
  }

  /** The reference as stored (and as the hub keeps it). */
  serialised(): string {
    return serialiseReference(this.ref);
  }

  /** Replaces the reference: empty (a person accepted a new view: learn it again), or the hub's copy after a reinstall. */
  replace(next: PictureReference, now: number): void {
    this.ref = next;
    this.outbox.setPictureReference(this.cameraId, serialiseReference(next), now);
  }

  /** Folds an ok sample in; returns the modes whose reference has just become the judge. */
  learn(summary: Record<PictureMode, ModeReference | null>, now: number): PictureMode[] {
    const next: PictureReference = { ...this.ref };
    const activated: PictureMode[] = [];
    let changed = false;
    for (const mode of MODES) {
      const sample = summary[mode];
      const before = this.ref[mode];
      if (!sample) continue;
      const after = learn(before, sample);
      if (after === before) continue;
      next[mode] = after;
      changed = true;
      if (after.samples === REFERENCE_MIN_SAMPLES) activated.push(mode);
    }
    if (!changed) return [];
    this.ref = next;
    this.outbox.setPictureReference(this.cameraId, serialiseReference(next), now);
    return activated;
  }
}
