import { CAMERA_CAUSES, type CameraCause, type CameraStatusValue } from './messages.ts';

export type FaultStatus = Exclude<CameraStatusValue, 'ok'>;

/**
 * Which causes make a camera `down` (nobody can see anything useful through it) and which
 * only `degraded` (it still shows the street, worse or elsewhere, or only its management
 * interface is broken):
 *   down:     unreachable, stream_failing, black, covered, frozen
 *   degraded: onvif_failing, blurred, view_changed, low_fps
 * A frozen picture is down: it shows the street as it was, which is worse than no picture.
 * A covered lens is down whether the cover is opaque or translucent: nothing can be
 * recognised through it. onvif_failing is degraded only while the stream is seen working;
 * without a working stream (typically: ONVIF was the only way to learn the stream URL) it is down.
 */
export const CAUSE_SEVERITY: Readonly<Record<CameraCause, FaultStatus>> = {
  unreachable: 'down',
  onvif_failing: 'degraded',
  stream_failing: 'down',
  black: 'down',
  covered: 'down',
  frozen: 'down',
  blurred: 'degraded',
  view_changed: 'degraded',
  low_fps: 'degraded',
};

/** Causes only a picture check (decoded frames) can find; a basic probe never clears them. */
export const PICTURE_CAUSES: ReadonlySet<CameraCause> = new Set<CameraCause>(['black', 'covered', 'frozen', 'blurred', 'view_changed']);

/**
 * Status is the worst severity found; the cause is the first of the contract's order
 * (CAMERA_CAUSES) among the causes of that severity. Within `down` and within `degraded`
 * this is exactly "first failing in contract order"; across them it keeps a degraded cause
 * that comes early in the order (onvif_failing) from hiding a down one (black picture).
 */
export function decideStatus(causes: Iterable<CameraCause>, streamWorks: boolean): { status: CameraStatusValue; cause: CameraCause | null } {
  const found = new Set(causes);
  const severity = (c: CameraCause): FaultStatus => (c === 'onvif_failing' && !streamWorks ? 'down' : CAUSE_SEVERITY[c]);
  const status: CameraStatusValue = [...found].some((c) => severity(c) === 'down') ? 'down' : found.size > 0 ? 'degraded' : 'ok';
  const cause = status === 'ok' ? null : (CAMERA_CAUSES.find((c) => found.has(c) && severity(c) === status) ?? null);
  return { status, cause };
}
