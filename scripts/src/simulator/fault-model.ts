import { EpisodeStream } from './fault-episodes.ts';
import { PICTURE_FAULTS, type EpisodeRate, type FaultProfile, type PictureFault } from './fault-profile.ts';
import { rngFor, uniform } from './prng.ts';

/** What a simulated camera is doing right now. */
export type CameraCondition = { kind: 'ok' } | { kind: 'dead' } | { kind: 'picture'; fault: PictureFault };
/** What is scripted for a camera: a fixed condition, or flapping dead/ok every `periodMs`. */
export type CameraScript = CameraCondition | { kind: 'flapping'; periodMs: number; since: number };

type CameraEpisodeKind = 'dead' | 'flapping' | PictureFault;
export type StationFault = 'power' | 'uplink';

interface Override<T> {
  value: T;
  /** Simulated time at which the override lapses and the seeded schedule takes over again. */
  until: number;
}

const OK: CameraCondition = { kind: 'ok' };
const DEAD: CameraCondition = { kind: 'dead' };

/**
 * The seeded fault schedule of a fleet plus the faults scripted through the control API.
 * Scripted faults win over the schedule; "restore" forces the healthy state until the
 * scheduled episode in progress (if any) ends, then the schedule resumes. Time is simulated
 * time: milliseconds since the fleet started.
 */
export class FaultModel {
  private readonly cameraStreams = new Map<string, EpisodeStream<CameraEpisodeKind>>();
  private readonly stationStreams = new Map<string, EpisodeStream<StationFault>>();
  private readonly cameraOverrides = new Map<string, Override<CameraScript>>();
  private readonly stationOverrides = new Map<string, Partial<Record<StationFault, Override<boolean>>>>();
  /** Clock skew per station: seeded on first use, or scripted. */
  private readonly skews = new Map<string, number>();
  private readonly cameraRates: ReadonlyArray<readonly [CameraEpisodeKind, EpisodeRate]>;
  private readonly stationRates: ReadonlyArray<readonly [StationFault, EpisodeRate]>;

  constructor(
    readonly seed: number,
    readonly profile: FaultProfile,
  ) {
    const pf = profile.pictureFault;
    const mixTotal = PICTURE_FAULTS.reduce((s, f) => s + pf.mix[f], 0);
    this.cameraRates = [
      ['dead', profile.cameraDeath] as const,
      ['flapping', profile.flapping] as const,
      ...PICTURE_FAULTS.map((f) => [f, { ...pf, perDay: mixTotal > 0 ? (pf.perDay * pf.mix[f]) / mixTotal : 0 }] as const),
    ].filter(([, r]) => r.perDay > 0);
    this.stationRates = (
      [
        ['power', profile.powerCut],
        ['uplink', profile.uplinkDrop],
      ] as const
    ).filter(([, r]) => r.perDay > 0);
  }

  // --- cameras

  /** The condition of `cameraId` at simulated time `t`. */
  camera(cameraId: string, t: number): CameraCondition {
    const override = this.cameraOverrides.get(cameraId);
    if (override && t < override.until) return resolveScript(override.value, t);
    if (override) this.cameraOverrides.delete(cameraId);
    const episode = this.cameraStream(cameraId)?.at(t);
    if (!episode) return OK;
    if (episode.kind === 'flapping')
      return resolveScript({ kind: 'flapping', periodMs: this.profile.flapping.periodMs, since: episode.start }, t);
    return episode.kind === 'dead' ? DEAD : { kind: 'picture', fault: episode.kind };
  }

  scriptCamera(cameraId: string, script: CameraScript, t: number, forMs = Infinity): void {
    this.cameraOverrides.set(cameraId, { value: script, until: t + forMs });
  }

  restoreCamera(cameraId: string, t: number): void {
    const episode = this.cameraStream(cameraId)?.at(t);
    if (episode) this.cameraOverrides.set(cameraId, { value: OK, until: episode.end });
    else this.cameraOverrides.delete(cameraId);
  }

  // --- stations

  /** Whether `fault` (power cut or uplink drop) is in force at `stationId` at time `t`. */
  station(stationId: string, fault: StationFault, t: number): boolean {
    const override = this.stationOverrides.get(stationId)?.[fault];
    if (override && t < override.until) return override.value;
    return this.stationStream(stationId)?.at(t)?.kind === fault;
  }

  /** Scripts a station fault on (`active`) or off, for `forMs` (default: until changed again). */
  scriptStation(stationId: string, fault: StationFault, active: boolean, t: number, forMs = Infinity): void {
    const overrides = this.stationOverrides.get(stationId) ?? {};
    const episode = this.stationStream(stationId)?.at(t);
    // Turning a scheduled fault off lasts until that episode would have ended, then the schedule resumes.
    const until = !active && forMs === Infinity ? (episode?.kind === fault ? episode.end : t) : t + forMs;
    overrides[fault] = { value: active, until };
    this.stationOverrides.set(stationId, overrides);
  }

  /** Next simulated time at which the seeded schedule of `stationId` changes (Infinity when never). */
  nextStationChange(stationId: string, t: number): number {
    return this.stationStream(stationId)?.nextChangeAfter(t) ?? Infinity;
  }

  /** Clock offset of the station box (edge clock minus true time), seeded unless scripted. */
  clockSkewMs(stationId: string): number {
    // Read on every clock tick of every station: computed once per station, then remembered.
    let skew = this.skews.get(stationId);
    if (skew === undefined) {
      skew = this.seededSkew(stationId);
      this.skews.set(stationId, skew);
    }
    return skew;
  }

  setClockSkew(stationId: string, ms: number): void {
    this.skews.set(stationId, ms);
  }

  private seededSkew(stationId: string): number {
    const { share, minMs, maxMs } = this.profile.clockSkew;
    if (share <= 0) return 0;
    const rng = rngFor(this.seed, stationId, 'clock-skew');
    if (rng() >= share) return 0;
    const magnitude = Math.round(uniform(rng, minMs, maxMs));
    return rng() < 0.5 ? -magnitude : magnitude;
  }

  private cameraStream(cameraId: string): EpisodeStream<CameraEpisodeKind> | null {
    return this.streamOf(this.cameraStreams, cameraId, this.cameraRates, 'camera-faults');
  }

  private stationStream(stationId: string): EpisodeStream<StationFault> | null {
    return this.streamOf(this.stationStreams, stationId, this.stationRates, 'station-faults');
  }

  /** Streams are made on first use, so a fleet without faults holds none. */
  private streamOf<K extends string>(
    streams: Map<string, EpisodeStream<K>>,
    id: string,
    rates: ReadonlyArray<readonly [K, EpisodeRate]>,
    purpose: string,
  ): EpisodeStream<K> | null {
    if (rates.length === 0) return null;
    let stream = streams.get(id);
    if (!stream) {
      stream = new EpisodeStream(() => rngFor(this.seed, id, purpose), rates);
      streams.set(id, stream);
    }
    return stream;
  }
}

function resolveScript(script: CameraScript, t: number): CameraCondition {
  if (script.kind !== 'flapping') return script;
  // Dead in the first half of each period, reachable in the second: a loose connector.
  return Math.floor((t - script.since) / script.periodMs) % 2 === 0 ? DEAD : OK;
}
