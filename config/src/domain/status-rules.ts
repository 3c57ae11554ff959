import type { CameraMapStatus, StationLiveness } from '../api/dashboard-common.ts';
import type { CameraStatusValue } from '../mqtt/messages.ts';
import { CAMERA_CAUSES, type CameraCause } from '../mqtt/message-values.ts';

/**
 * The domain rules of "how bad is it", owned here so that agent, hub and dashboard cannot
 * disagree: the hub's map payload, its live feed, the dashboard's map store and station panel
 * all summarise a station's cameras with `worstOf`.
 */

/**
 * Which status wins when several are summarised (a station's cameras, a map cluster):
 * down outranks unknown (a dead camera is certain, an offline station may be a link
 * problem), unknown outranks degraded, ok ranks lowest.
 */
const SEVERITY: Readonly<Record<CameraMapStatus, number>> = { ok: 0, degraded: 1, unknown: 2, down: 3 };

export function statusSeverity(status: CameraMapStatus): number {
  return SEVERITY[status];
}

export function worseStatus(a: CameraMapStatus, b: CameraMapStatus): CameraMapStatus {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

/**
 * The worst status among a station's cameras. No cameras is no evidence that anything works,
 * so an empty list is `unknown`, never `ok`.
 */
export function worstOf(statuses: Iterable<CameraMapStatus>): CameraMapStatus {
  let worst: CameraMapStatus | null = null;
  for (const s of statuses) worst = worst === null ? s : worseStatus(worst, s);
  return worst ?? 'unknown';
}

/** The status a station's marker shows: grey when the station itself is not talking. */
export function markerStatus(state: StationLiveness, worstCamera: CameraMapStatus): CameraMapStatus {
  return state === 'online' ? worstCamera : 'unknown';
}

/**
 * Which causes make a camera `down` (nobody can see anything useful through it) and which
 * only `degraded` (it still shows the street, worse or elsewhere, or only its management
 * interface is broken):
 *   down:     unreachable, stream_failing, black, covered, frozen
 *   degraded: onvif_failing, blurred, view_changed, low_fps, clock_skew
 * A frozen picture is down: it shows the street as it was, which is worse than no picture.
 * onvif_failing is degraded only while the stream is seen working; without a working
 * stream (typically: ONVIF was the only way to learn the stream URL) it is down (the agent's
 * verdict applies that exception).
 */
export const CAUSE_SEVERITY: Readonly<Record<CameraCause, Exclude<CameraStatusValue, 'ok'>>> = {
  unreachable: 'down',
  onvif_failing: 'degraded',
  stream_failing: 'down',
  black: 'down',
  covered: 'down',
  frozen: 'down',
  blurred: 'degraded',
  view_changed: 'degraded',
  low_fps: 'degraded',
  // The picture is fine, but the time burnt into it and into recordings is wrong: evidence with a wrong date.
  clock_skew: 'degraded',
};

/** A camera clock further than this from true time is `clock_skew` (WS-Security is compensated; evidence timestamps are not). */
export const CAMERA_CLOCK_SKEW_MAX_MS = 120_000;

/** Causes only a picture check (decoded frames) can find; a basic probe never clears them. */
export const PICTURE_CAUSES: ReadonlySet<CameraCause> = new Set<CameraCause>(['black', 'covered', 'frozen', 'blurred', 'view_changed']);

/**
 * Status is the worst severity found; the cause is the first of the contract's order
 * (CAMERA_CAUSES) among the causes of that severity. Within `down` and within `degraded`
 * this is exactly "first failing in contract order"; across them it keeps a degraded cause
 * that comes early in the order (onvif_failing) from hiding a down one (black picture).
 * onvif_failing is down when no stream works (ONVIF was the only way to the stream URL).
 */
export function decideStatus(
  causes: Iterable<CameraCause>,
  streamWorks: boolean,
): { status: CameraStatusValue; cause: CameraCause | null } {
  const found = new Set(causes);
  const severity = (c: CameraCause): Exclude<CameraStatusValue, 'ok'> =>
    c === 'onvif_failing' && !streamWorks ? 'down' : CAUSE_SEVERITY[c];
  const status: CameraStatusValue = [...found].some((c) => severity(c) === 'down') ? 'down' : found.size > 0 ? 'degraded' : 'ok';
  const cause = status === 'ok' ? null : (CAMERA_CAUSES.find((c) => found.has(c) && severity(c) === status) ?? null);
  return { status, cause };
}
