import type { CameraCause, PictureInfo, StreamInfo } from '@camwatch/config';
import type { CameraIdentity, CameraTarget } from '../../core/ports.ts';
import type { ModeReference, PictureMode, PictureReference } from '../../picture/picture-reference.ts';
import type { PictureThresholds } from '../../picture/picture-thresholds.ts';
import type { MediaTools } from '../media/media-tools.ts';

export type CheckName = 'tcp' | 'onvif' | 'stream' | 'picture';

/** What the checks have established so far; each check reads what it needs and adds what it learned. */
export interface ProbeEvidence {
  /** null until the TCP check ran (or when there was no address to try). */
  reachable: boolean | null;
  /** Stream URL to use (the target's own, else the one ONVIF gave), without credentials. */
  streamUrl: string | null;
  snapshotUrl: string | null;
  stream: StreamInfo | null;
  picture: PictureInfo | null;
  frameHash: string | null;
  /** Maker and model as ONVIF reported them, when the ONVIF check read them. */
  identity?: CameraIdentity | null;
  pictureSummary: Record<PictureMode, ModeReference | null> | null;
}

export interface CheckInput {
  target: CameraTarget;
  referenceHash: string | null;
  pictureReference: PictureReference | null;
  evidence: Readonly<ProbeEvidence>;
  /** Fires at the check's own time bound or when the whole probe is cancelled. */
  signal: AbortSignal;
  /** This check's own time bound (its share of what is left of the probe's budget). */
  timeoutMs: number;
}

export interface CheckOutput {
  /**
   * `timed_out`: the check's own time bound fired. A deep (picture) check then carries no cause:
   * the station box's or the link's slowness is no evidence against the camera. Any other check
   * carries its fail cause, so the verdict still says what could not be confirmed, but the verdict
   * is marked inconclusive and the monitor confirms it at the next probe.
   */
  outcome: 'pass' | 'fail' | 'skipped' | 'timed_out';
  /** Faults found; empty on pass and skip. A passing stream may still carry `low_fps`. */
  causes: CameraCause[];
  detail: string;
  learned?: Partial<ProbeEvidence>;
}

/**
 * One check of a camera (Uptime Kuma's monitor types, one signature for all). Checks run
 * in order inside the probe's time budget, each under its own bound; a check that throws
 * fails with `failCause`, and so does a basic check that runs out of time (a deep-only one
 * ends `timed_out` instead).
 */
export interface CameraCheck {
  readonly name: CheckName;
  /** Runs only in deep probes (decodes video; expensive on a station box). */
  readonly deepOnly: boolean;
  readonly failCause: CameraCause;
  /** Largest share of the probe's time this check may take, so a hung ONVIF server cannot starve the stream check. */
  readonly maxShare: number;
  run(input: CheckInput): Promise<CheckOutput>;
}

/** What the checks that open the stream (stream, picture) are built with. */
export interface MediaCheckOptions {
  tools: MediaTools;
  /** Seconds of stream each check reads (the picture check shortens it to fit its time bound). */
  sampleSeconds: number;
  transport: 'tcp' | 'udp';
  thresholds: PictureThresholds;
}

export interface CheckFinding extends CheckOutput {
  check: CheckName;
  ms: number;
}

export const skipped = (detail: string): CheckOutput => ({ outcome: 'skipped', causes: [], detail });
