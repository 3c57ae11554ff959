import type { CameraCause } from '@camwatch/config';

/**
 * The labelled picture corpus: real footage (Debian's opencv-doc, `vtest.avi`, a fixed street
 * camera) turned into camera faults and into the benign conditions a street camera lives
 * through, by documented ffmpeg filters. Everything is deterministic: segments are fixed, and
 * every noise filter has its own seed. Clips are 8 s at 10 fps, 768×576 H.264, one keyframe a
 * second, the shape of a real camera's substream.
 *
 * References ("how this camera normally looks") come from other segments of the same footage
 * than the test clips, so no test clip is judged against itself.
 */

export type Severity = 'mild' | 'moderate' | 'severe';
export type ClipRole = 'reference-day' | 'reference-night' | 'test';
export type ClipSource = 'vtest' | 'tree' | 'leuvenA' | 'building' | 'black';

export interface ClipSpec {
  id: string;
  role: ClipRole;
  /** Expected cause; null for a benign condition (and for references). */
  cause: CameraCause | null;
  /** Faults only: mild ones are reported but not held to the recall goal. */
  severity: Severity | null;
  /** Benign condition name, or the fault's variant, for the report. */
  condition: string;
  source: ClipSource;
  /** Start (s) in vtest.avi; other sources start at 0. */
  start: number;
  /** ffmpeg filter chain applied after scaling to 768×576 at 10 fps (input label [v], output label [out] when it has ';'). */
  filter: string;
  /** Target bitrate, for the heavy-compression condition; otherwise CRF 23. */
  bitrateKbps?: number;
  /** Output frame rate (low_fps clips); 10 otherwise. */
  fps?: number;
  /** Added after the thresholds were chosen and never used to choose them: the bench scores it apart. */
  heldOut?: boolean;
}

export const CLIP_SECONDS = 8;

/** Infrared night as cameras deliver it: no colour at all (the last `hue=s=0` also removes the noise's chroma), darker, and the sensor noise of high gain. */
const ir = (seed: number, brightness = -0.12, noise = 14): string =>
  `hue=s=0,eq=brightness=${brightness}:contrast=0.85:gamma=0.9,noise=alls=${noise}:allf=t:all_seed=${seed},hue=s=0`;

const ref = (role: ClipRole, n: number, start: number, filter: string): ClipSpec => ({
  id: `${role}-${n}`,
  role,
  cause: null,
  severity: null,
  condition: role,
  source: 'vtest',
  start,
  filter,
});
const fault = (
  id: string,
  cause: CameraCause,
  severity: Severity,
  start: number,
  filter: string,
  extra: Partial<ClipSpec> = {},
): ClipSpec => ({
  id,
  role: 'test',
  cause,
  severity,
  condition: id,
  source: 'vtest',
  start,
  filter,
  ...extra,
});
const benign = (id: string, start: number, filter: string, extra: Partial<ClipSpec> = {}): ClipSpec => ({
  id,
  role: 'test',
  cause: null,
  severity: null,
  condition: id,
  source: 'vtest',
  start,
  filter,
  ...extra,
});

/** Half of the picture (left) under a translucent cover: the overlay keeps the other half untouched. */
const halfTranslucent = 'split[a][b];[b]crop=iw/2:ih:0:0,gblur=sigma=14,eq=contrast=0.35:brightness=0.2[c];[a][c]overlay=0:0[out]';
/** A lorry passing close: a large, moving, textured block covering about a third of the frame for 3 s. */
const passingLorry =
  "split[a][b];[b]crop=iw/2:ih*0.7:0:0,hflip,eq=brightness=-0.1[c];[a][c]overlay=x='-400+300*t':y=H*0.3:enable='between(t,1,4)'[out]";

export const CLIPS: readonly ClipSpec[] = [
  // How the camera normally looks, by day and in infrared at night (several samples each).
  ref('reference-day', 1, 2, 'null'),
  ref('reference-day', 2, 20, 'null'),
  ref('reference-day', 3, 38, 'null'),
  ref('reference-night', 1, 8, ir(101)),
  ref('reference-night', 2, 26, ir(102)),
  ref('reference-night', 3, 44, ir(103)),

  // Defocus: Gaussian blur of increasing radius (at 768 px).
  fault('blur-sigma1.5', 'blurred', 'mild', 56, 'gblur=sigma=1.5'),
  fault('blur-sigma3', 'blurred', 'moderate', 60, 'gblur=sigma=3'),
  fault('blur-sigma6', 'blurred', 'severe', 64, 'gblur=sigma=6'),
  fault('blur-night-sigma4', 'blurred', 'moderate', 68, `gblur=sigma=4,${ir(201)}`),

  // Covered: opaque (tape, a sticker, a bag) and translucent (plastic bag, bubble wrap, spray paint), full and partial.
  fault('cover-opaque-full', 'covered', 'severe', 56, 'drawbox=x=0:y=0:w=iw:h=ih:color=0x2a2a2a@1:t=fill,noise=alls=6:allf=t:all_seed=301'),
  fault('cover-opaque-75pct', 'covered', 'severe', 60, 'drawbox=x=0:y=0:w=iw*0.75:h=ih:color=0x202020@1:t=fill'),
  fault('cover-opaque-half', 'covered', 'moderate', 64, 'drawbox=x=0:y=0:w=iw/2:h=ih:color=0x303030@1:t=fill'),
  fault('cover-opaque-30pct', 'covered', 'mild', 68, 'drawbox=x=0:y=0:w=iw*0.3:h=ih:color=0x303030@1:t=fill'),
  fault('cover-plastic-bag', 'covered', 'moderate', 56, 'gblur=sigma=8,eq=contrast=0.5:brightness=0.15,noise=alls=5:allf=t:all_seed=302'),
  fault('cover-bubble-wrap', 'covered', 'severe', 60, 'gblur=sigma=14,eq=contrast=0.35:brightness=0.2,noise=alls=8:allf=t:all_seed=303'),
  fault('cover-spray-paint', 'covered', 'severe', 64, 'gblur=sigma=20,eq=contrast=0.2:brightness=0.05:saturation=0.3'),
  fault('cover-translucent-half', 'covered', 'moderate', 68, halfTranslucent),
  fault('cover-night-bubble-wrap', 'covered', 'severe', 72, `gblur=sigma=14,eq=contrast=0.35:brightness=0.15,${ir(304)}`),

  // Turned away: panned (wrap-around scroll), rotated, or looking at another scene altogether.
  fault('turned-pan-8pct', 'view_changed', 'mild', 56, 'scroll=h=0:v=0:hpos=0.08'),
  fault('turned-pan-20pct', 'view_changed', 'moderate', 60, 'scroll=h=0:v=0:hpos=0.2'),
  fault('turned-pan-35pct', 'view_changed', 'severe', 64, 'scroll=h=0:v=0:hpos=0.35'),
  fault('turned-tilt-20pct', 'view_changed', 'moderate', 68, 'scroll=h=0:v=0:vpos=0.2'),
  fault('turned-rotate-15deg', 'view_changed', 'moderate', 72, 'scale=960:720,rotate=a=15*PI/180:ow=768:oh=576'),
  fault('turned-other-scene-tree', 'view_changed', 'severe', 0, 'null', { source: 'tree' }),
  fault('turned-other-street', 'view_changed', 'severe', 0, 'noise=alls=6:allf=t:all_seed=305', { source: 'leuvenA' }),

  // No picture, and a hung encoder repeating one frame (a quiet frame and a busy one).
  fault('black', 'black', 'severe', 0, 'noise=alls=3:allf=t:all_seed=306', { source: 'black' }),
  fault('frozen-frame', 'frozen', 'severe', 56, 'trim=end_frame=1,loop=loop=200:size=1:start=0,setpts=N/10/TB'),
  fault('frozen-busy-scene', 'frozen', 'severe', 41, 'trim=end_frame=1,loop=loop=200:size=1:start=0,setpts=N/10/TB'),
  fault('frozen-night', 'frozen', 'severe', 50, `${ir(307)},trim=end_frame=1,loop=loop=200:size=1:start=0,setpts=N/10/TB`),

  // A starved encoder or link.
  fault('fps-4', 'low_fps', 'moderate', 56, 'null', { fps: 4 }),
  fault('fps-2', 'low_fps', 'severe', 60, 'null', { fps: 2 }),

  // Conditions that must not raise a fault.
  benign('day', 48, 'null'),
  benign('day-later', 72, 'null'),
  benign('night-ir', 56, ir(401)),
  benign('night-ir-dark', 62, ir(402, -0.25, 18)),
  benign('night-ir-noisy', 66, ir(403, -0.1, 28)),
  benign('dusk', 60, 'eq=brightness=-0.18:contrast=0.8:saturation=0.5,noise=alls=7:allf=t:all_seed=404'),
  benign('rain-low-contrast', 64, 'eq=contrast=0.55:brightness=0.08:saturation=0.7,noise=alls=16:allf=t:all_seed=405'),
  benign('headlight-flashes', 68, "eq=brightness='0.55*gt(mod(t\\,2)\\,1.5)':contrast='1+0.4*gt(mod(t\\,2)\\,1.5)':eval=frame"),
  benign('over-exposed', 52, 'eq=brightness=0.22:contrast=1.25'),
  benign('busy-traffic', 70, passingLorry),
  benign('small-shake', 58, "pad=iw+16:ih+16:8:8:color=gray,crop=768:576:x='8+6*sin(t*9)':y='8+5*cos(t*7)'"),
  benign('heavy-compression', 66, 'null', { bitrateKbps: 60 }),
  benign(
    'day-night-switch',
    54,
    "hue=s='if(gt(t\\,3)\\,0\\,1)',eq=brightness='-0.12*gt(t\\,3)':eval=frame,noise=alls=10:allf=t:all_seed=406",
  ),

  // Held out: other segments, seeds, sides and strengths, written after the thresholds were fixed.
  fault('blur-sigma2', 'blurred', 'mild', 30, 'gblur=sigma=2', { heldOut: true }),
  fault('blur-sigma4', 'blurred', 'moderate', 12, 'gblur=sigma=4', { heldOut: true }),
  fault('cover-opaque-right-60pct', 'covered', 'moderate', 14, 'drawbox=x=iw*0.4:y=0:w=iw*0.6:h=ih:color=0x3a3530@1:t=fill', {
    heldOut: true,
  }),
  fault(
    'cover-translucent-top',
    'covered',
    'moderate',
    16,
    'split[a][b];[b]crop=iw:ih/2:0:0,gblur=sigma=10,eq=contrast=0.4:brightness=0.15[c];[a][c]overlay=0:0[out]',
    { heldOut: true },
  ),
  fault('cover-cling-film', 'covered', 'mild', 18, 'gblur=sigma=6,eq=contrast=0.6:brightness=0.1', { heldOut: true }),
  fault('turned-pan-right-15pct', 'view_changed', 'moderate', 24, 'scroll=h=0:v=0:hpos=0.85', { heldOut: true }),
  fault('turned-rotate-minus-10deg', 'view_changed', 'moderate', 28, 'scale=900:675,rotate=a=-10*PI/180:ow=768:oh=576', { heldOut: true }),
  fault('turned-other-building', 'view_changed', 'severe', 0, 'noise=alls=5:allf=t:all_seed=601', { source: 'building', heldOut: true }),
  fault('frozen-frame-2', 'frozen', 'severe', 33, 'trim=end_frame=1,loop=loop=200:size=1:start=0,setpts=N/10/TB', { heldOut: true }),
  benign('night-ir-2', 71, ir(602, -0.2, 20), { heldOut: true }),
  benign('rain-heavier', 30, 'eq=contrast=0.5:brightness=0.1:saturation=0.6,noise=alls=20:allf=t:all_seed=603', { heldOut: true }),
  benign('dusk-darker', 14, 'eq=brightness=-0.25:contrast=0.75:saturation=0.4,noise=alls=9:allf=t:all_seed=604', { heldOut: true }),
  benign('shake-stronger', 24, "pad=iw+24:ih+24:12:12:color=gray,crop=768:576:x='12+9*sin(t*11)':y='12+7*cos(t*8)'", { heldOut: true }),
  benign('compression-40k', 18, 'null', { bitrateKbps: 40, heldOut: true }),
  benign('busy-traffic-2', 34, passingLorry, { heldOut: true }),
];

export const TEST_CLIPS = CLIPS.filter((c) => c.role === 'test');
