/** What the window needs of a station runner. */
export interface ConnectingStation {
  readonly running: boolean;
  readonly uplinkUp: boolean;
  readonly connected: boolean;
}

/**
 * Stations booted by the start-up that have not connected yet: the feedback that paces the start-up
 * (see staggered-start.ts). A station that cannot connect (no power, no uplink) does not hold a
 * place, and nor does one that has waited `giveUpMs` (a broker that never answers must not stop the
 * start-up; its reconnects then take their own backoff).
 */
export class ConnectWindow {
  private readonly since = new Map<string, number>();

  constructor(
    private readonly runners: ReadonlyMap<string, ConnectingStation>,
    private readonly giveUpMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  booted(stationId: string): void {
    this.since.set(stationId, this.now());
  }

  /** Stations still waiting; those that connected (or cannot) leave. Costs one look per waiting station. */
  waiting(): number {
    const t = this.now();
    for (const [id, at] of this.since) {
      const r = this.runners.get(id);
      if (!r || r.connected || !r.running || !r.uplinkUp || t - at > this.giveUpMs) this.since.delete(id);
    }
    return this.since.size;
  }
}
