import { decideStatus, PICTURE_CAUSES, type CameraCause, type PictureInfo } from '@camwatch/config';
import type { CameraVerdict } from './ports.ts';

interface HeldPicture {
  causes: CameraCause[];
  detail: string;
  picture: PictureInfo;
  at: number;
}

const causesOf = (v: CameraVerdict): CameraCause[] => [...(v.causes ?? (v.cause ? [v.cause] : []))];

/**
 * Keeps a camera's picture verdict true between picture checks. Only a deep probe decodes
 * frames, so a basic probe of a black, covered, frozen, blurred or turned camera sees a
 * working stream and nothing else: it must not clear the picture fault (that made a black
 * camera read `ok` four minutes out of five). A picture fault is held until the next picture
 * check clears it, or until the stream itself fails (then nothing is known about the picture,
 * and the next probe re-judges it).
 *
 * A new picture fault must also be seen in `confirmSamples` consecutive picture checks before
 * it is reported: one noisy sample (a bus filling the frame, a headlight flash) never pages
 * anyone. While a fault waits for confirmation, the next probe is asked to be deep.
 */
export class PictureHold {
  private held: HeldPicture | null = null;
  private pending: { key: string; count: number } | null = null;
  /** The next probe should decode frames: a fault waits for confirmation, or the picture is unknown. */
  deepWanted = false;

  constructor(private readonly confirmSamples: number) {}

  /** What to report for this probe's verdict, given what earlier picture checks established. */
  settle(verdict: CameraVerdict, now: number): CameraVerdict {
    const all = causesOf(verdict);
    if (verdict.stream === null && verdict.picture === null) {
      // The stream failed (or the camera is gone): the picture is unknown until frames are seen again.
      this.held = null;
      this.pending = null;
      this.deepWanted = true;
      return verdict;
    }
    if (verdict.picture === null) return this.merge(verdict, all, null, now);

    this.deepWanted = false;
    const picture = all.filter((c) => PICTURE_CAUSES.has(c));
    const other = all.filter((c) => !PICTURE_CAUSES.has(c));
    if (picture.length === 0) {
      this.held = null;
      this.pending = null;
      return verdict;
    }
    const key = [...picture].sort().join(',');
    const heldKey = this.held ? [...this.held.causes].sort().join(',') : null;
    const count = heldKey === key ? this.confirmSamples : this.pending?.key === key ? this.pending.count + 1 : 1;
    if (count >= this.confirmSamples) {
      this.held = { causes: picture, detail: verdict.detail, picture: verdict.picture, at: now };
      this.pending = null;
      return verdict;
    }
    this.pending = { key, count };
    this.deepWanted = true;
    return this.merge(
      verdict,
      other,
      `picture: ${picture.join(', ')} in ${count} of ${this.confirmSamples} samples needed, checking again`,
      now,
    );
  }

  private merge(verdict: CameraVerdict, causes: CameraCause[], note: string | null, now: number): CameraVerdict {
    const held = this.held;
    const combined = held ? [...causes, ...held.causes] : causes;
    const { status, cause } = decideStatus(combined, verdict.stream !== null);
    if (held && cause !== null && held.causes.includes(cause)) {
      const age = Math.max(0, Math.round((now - held.at) / 1000));
      return {
        ...verdict,
        status,
        cause,
        causes: combined,
        picture: verdict.picture ?? held.picture,
        detail: `${held.detail} (picture checked ${age} s ago)`,
      };
    }
    const detail = note ? `${note}; ${verdict.detail}` : verdict.detail;
    return { ...verdict, status, cause, causes: combined, detail };
  }
}
