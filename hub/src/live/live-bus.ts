import { EventEmitter } from 'node:events';
import type { LiveEventName, LiveEventPayload } from '@camwatch/config';

/** One live event and the station it concerns (every live event is about one station: that is how scope is checked). */
export interface LiveEvent<E extends LiveEventName = LiveEventName> {
  name: E;
  stationId: string;
  /** The station's unit when the producer knows it (alerts do); otherwise looked up by the stream. */
  unitId?: string;
  payload: LiveEventPayload<E>;
}

type Listener = (event: LiveEvent) => void;

/**
 * In-process fan-out of status changes and alerts to the open /api/live streams. Producers
 * (status service, alert engine) call `publish`; a slow or failing listener never affects them.
 */
export class LiveBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open stream: hundreds of commune users are normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  publish<E extends LiveEventName>(event: LiveEvent<E>): void {
    this.emitter.emit('event', event);
  }

  subscribe(listener: Listener): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  listenerCount(): number {
    return this.emitter.listenerCount('event');
  }
}
