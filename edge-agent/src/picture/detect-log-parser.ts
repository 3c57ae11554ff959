/** What ffmpeg's freezedetect and blackdetect filters logged over one sample. */
export interface DetectLog {
  /** Start (s) of a freeze that had not ended when the sample did, or null. */
  ongoingFreezeStart: number | null;
  /** Seconds of freezes that ended inside the sample. */
  endedFreezeSeconds: number;
  /** Seconds of black segments (blackdetect reports the last one at end of input too). */
  blackSeconds: number;
}

const FREEZE_RE = /lavfi\.freezedetect\.freeze_(start|end|duration):\s*(-?[\d.]+)/;
const BLACK_RE = /black_start:\s*(-?[\d.]+)\s+black_end:\s*(-?[\d.]+)\s+black_duration:\s*([\d.]+)/;

/** Reads ffmpeg's stderr line by line; lines that are not detector output are ignored. */
export function parseDetectLog(stderr: string): DetectLog {
  let ongoingFreezeStart: number | null = null;
  let endedFreezeSeconds = 0;
  let blackSeconds = 0;
  for (const line of stderr.split('\n')) {
    const freeze = FREEZE_RE.exec(line);
    if (freeze) {
      const value = Number(freeze[2]);
      if (!Number.isFinite(value)) continue;
      if (freeze[1] === 'start') ongoingFreezeStart = value;
      else if (freeze[1] === 'duration') endedFreezeSeconds += value;
      else ongoingFreezeStart = null;
      continue;
    }
    const black = BLACK_RE.exec(line);
    if (black) {
      const duration = Number(black[3]);
      if (Number.isFinite(duration)) blackSeconds += duration;
    }
  }
  return { ongoingFreezeStart, endedFreezeSeconds, blackSeconds };
}
