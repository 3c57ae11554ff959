import { exponential, type Rng } from './prng.ts';
import type { EpisodeRate } from './fault-profile.ts';

const DAY_MS = 86_400_000;

/** One fault episode in simulated time (ms since the fleet started; negative = before it). */
export interface Episode<K extends string> {
  kind: K;
  start: number;
  end: number;
}

/**
 * A lazily generated, never-overlapping sequence of fault episodes of several kinds, one
 * Poisson process whose rate is the sum of the kinds' rates. It starts `warmupMs` before the
 * fleet does, so a fleet starts in its steady state (some cameras already down), not all green.
 * Queries must move forward in time (the simulator's clock does); going back restarts the walk.
 */
export class EpisodeStream<K extends string> {
  private current: Episode<K> | null = null;
  /** End of the episode before `current`: queries earlier than this need a fresh walk. */
  private previousEnd = -Infinity;
  private readonly totalPerMs: number;
  private rng: Rng;

  constructor(
    private readonly makeRng: () => Rng,
    private readonly rates: ReadonlyArray<readonly [K, EpisodeRate]>,
    private readonly warmupMs = 2 * DAY_MS,
  ) {
    this.totalPerMs = rates.reduce((s, [, r]) => s + r.perDay, 0) / DAY_MS;
    this.rng = makeRng();
  }

  /** The episode active at `t`, or null. */
  at(t: number): Episode<K> | null {
    if (this.totalPerMs === 0) return null;
    if (this.current && t < this.previousEnd) this.restart();
    if (!this.current) this.current = this.next(-this.warmupMs);
    while (t >= this.current.end) {
      this.previousEnd = this.current.end;
      this.current = this.next(this.current.end);
    }
    return t >= this.current.start ? this.current : null;
  }

  /** When the state at `t` next changes (start or end of an episode); Infinity when never. */
  nextChangeAfter(t: number): number {
    if (this.totalPerMs === 0) return Infinity;
    const active = this.at(t);
    return active ? active.end : this.current!.start;
  }

  private next(after: number): Episode<K> {
    const gap = exponential(this.rng, 1 / this.totalPerMs);
    let pick = this.rng() * this.totalPerMs * DAY_MS;
    let chosen = this.rates[this.rates.length - 1]!;
    for (const entry of this.rates) {
      pick -= entry[1].perDay;
      if (pick < 0) {
        chosen = entry;
        break;
      }
    }
    const [kind, rate] = chosen;
    const length = rate.meanMs > rate.minMs ? rate.minMs + exponential(this.rng, rate.meanMs - rate.minMs) : rate.minMs;
    const start = after + gap;
    return { kind, start, end: start + length };
  }

  private restart(): void {
    this.rng = this.makeRng();
    this.current = null;
    this.previousEnd = -Infinity;
  }
}
