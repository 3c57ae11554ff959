import { LIVE_EVENT_NAMES, type LiveEventName, type LiveEventPayload } from '@camwatch/config/api';
// Type only: the module itself is fetched with the first event (loadCheck).
import type { liveEventProblem } from './live-validators.ts';

type Check = typeof liveEventProblem;
let checkLoad: Promise<Check> | null = null;
/** The payload checks, fetched once, with the first event (they are not in the first bundle). */
function loadCheck(): Promise<Check> {
  checkLoad ??= import('./live-validators.ts').then(
    (m) => m.liveEventProblem,
    (error: unknown) => {
      checkLoad = null; // a chunk that failed (4G dropped) is asked for again with the next event
      throw error;
    },
  );
  return checkLoad;
}

export type LiveState = 'connecting' | 'open' | 'closed';

export interface LiveHandlers {
  onState(state: LiveState): void;
  /** After a reconnect the client missed events: it should refetch the map. */
  onResync(): void;
  onEvent<E extends LiveEventName>(name: E, payload: LiveEventPayload<E>): void;
  /** A message the client could not read; counted, never thrown. */
  onReject(reason: string): void;
}

/**
 * GET /api/live as an EventSource. The browser reconnects by itself; we only track the state
 * for the indicator, ask for a resync after each reconnect, and hand parsed payloads on.
 * Payloads are checked against the same schemas the hub used; a bad one is rejected, counted.
 */
export class LiveConnection {
  private source: EventSource | null = null;
  private openedBefore = false;
  private check: Check | null = null;
  /** Events that arrived before the checks were loaded, handed on in order once they are. */
  private waiting: Array<{ name: LiveEventName; payload: unknown }> = [];

  constructor(
    private readonly url: string,
    private readonly handlers: LiveHandlers,
  ) {}

  start(): void {
    this.stop();
    const source = new EventSource(this.url, { withCredentials: true });
    this.source = source;
    this.handlers.onState('connecting');
    source.onopen = () => {
      this.handlers.onState('open');
      if (this.openedBefore) this.handlers.onResync();
      this.openedBefore = true;
    };
    source.onerror = () => {
      this.handlers.onState(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting');
    };
    for (const name of LIVE_EVENT_NAMES) {
      source.addEventListener(name, (message) => this.dispatch(name, message));
    }
  }

  stop(): void {
    this.source?.close();
    this.source = null;
    this.waiting = [];
  }

  private ensureCheck(): void {
    loadCheck().then(
      (check) => {
        this.check = check;
        const waiting = this.waiting;
        this.waiting = [];
        for (const { name, payload } of waiting) this.deliver(check, name, payload);
      },
      (error: unknown) => {
        // Without the checks nothing unchecked is handed on: what waited is rejected, counted.
        const reason = `payload checks unavailable (${error instanceof Error ? error.message : String(error)})`;
        for (const { name } of this.waiting.splice(0)) this.handlers.onReject(`${name}: ${reason}`);
      },
    );
  }

  private dispatch<E extends LiveEventName>(name: E, message: MessageEvent): void {
    let payload: unknown;
    try {
      payload = JSON.parse(String(message.data));
    } catch (error) {
      this.handlers.onReject(`${name}: not JSON (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    if (!this.check) {
      // The first event of a session fetches the checks; later ones wait in order behind it.
      this.waiting.push({ name, payload });
      if (this.waiting.length === 1) this.ensureCheck();
      return;
    }
    this.deliver(this.check, name, payload);
  }

  private deliver(check: Check, name: LiveEventName, payload: unknown): void {
    const problem = check(name, payload);
    if (problem !== null) this.handlers.onReject(`${name}: ${problem}`);
    else this.handlers.onEvent(name, payload as LiveEventPayload<typeof name>);
  }
}
