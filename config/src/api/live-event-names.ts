import type { LiveEventName } from './dashboard-live.ts';

/**
 * The live stream's event names without their schemas (no TypeBox): the dashboard subscribes to
 * each at once and loads the schemas that check their payloads later. `satisfies` makes a new
 * event in LIVE_EVENTS that is not listed here (or a name listed here that is not one) fail to compile.
 */
const LISTED = { 'station-status': true, 'camera-status': true, alert: true } as const satisfies Record<LiveEventName, true>;
export const LIVE_EVENT_NAMES = Object.keys(LISTED) as LiveEventName[];
