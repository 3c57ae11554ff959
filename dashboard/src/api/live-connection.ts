import { LIVE_EVENTS, type LiveEventName, type LiveEventPayload } from '@camwatch/config/api';
import { compileValidator, formatIssues } from '@camwatch/config/validation';

const validators = {
  'station-status': compileValidator(LIVE_EVENTS['station-status']),
  'camera-status': compileValidator(LIVE_EVENTS['camera-status']),
  alert: compileValidator(LIVE_EVENTS.alert),
};

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
    for (const name of Object.keys(LIVE_EVENTS) as LiveEventName[]) {
      source.addEventListener(name, (message) => this.dispatch(name, message));
    }
  }

  stop(): void {
    this.source?.close();
    this.source = null;
  }

  private dispatch<E extends LiveEventName>(name: E, message: MessageEvent): void {
    let payload: unknown;
    try {
      payload = JSON.parse(String(message.data));
    } catch (error) {
      this.handlers.onReject(`${name}: not JSON (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    const validator = validators[name];
    if (!validator.check(payload)) {
      this.handlers.onReject(`${name}: ${formatIssues(validator.issues(payload, 3))}`);
      return;
    }
    this.handlers.onEvent(name, payload as LiveEventPayload<E>);
  }
}
