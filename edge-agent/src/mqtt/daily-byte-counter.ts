import { startOfLocalDay } from '@camwatch/config';

/** Bytes written to the uplink since local midnight (Asia/Ho_Chi_Minh), the figure a 4G plan is billed on. */
export class DailyByteCounter {
  private day: number;
  private bytes: number;
  /** Bytes over the whole life of this counter, not reset at midnight (for benchmarks). */
  total = 0;

  constructor(initial: { day: number; bytes: number }, now: number) {
    const today = startOfLocalDay(now);
    this.day = initial.day === today ? initial.day : today;
    this.bytes = initial.day === today ? initial.bytes : 0;
  }

  add(bytes: number, now: number): void {
    this.rollOver(now);
    this.bytes += bytes;
    this.total += bytes;
  }

  today(now: number): { day: number; bytes: number } {
    this.rollOver(now);
    return { day: this.day, bytes: this.bytes };
  }

  private rollOver(now: number): void {
    const today = startOfLocalDay(now);
    if (today !== this.day) {
      this.day = today;
      this.bytes = 0;
    }
  }
}
