import { decideStatus, PICTURE_CAUSES, type CameraCause, type CameraStatusValue } from '@camwatch/config';
import {
  assessPicture,
  createRealProber,
  createSpawnMediaTools,
  DEFAULT_PICTURE_THRESHOLDS,
  emptyReference,
  learn,
  samplePicture,
  type CameraTarget,
  type CameraVerdict,
  type MediaTools,
  type PictureReference,
  type ProcessResult,
} from '@camwatch/edge-agent/picture';
import { pino } from 'pino';
import { RtspTestServer } from '@camwatch/testkit';
import { CLIPS, type ClipSpec } from './clip-catalogue.ts';
import { CORPUS_DIR } from './fetch-corpus.ts';
import { renderClips } from './render-clips.ts';

/** What the real checks concluded about one clip, with the reference method and with the fixed thresholds on the same sample. */
export interface ClipResult {
  spec: ClipSpec;
  verdict: CameraVerdict;
  /** The fixed-threshold judge (the agent before per-camera references) on the very same frames. */
  baseline: { status: CameraStatusValue; cause: CameraCause | null };
}

const SAMPLE_SECONDS = 4;
const PROBE_TIMEOUT_MS = 40_000;

/** The real ffmpeg, remembering each picture sample's raw output so a second judge can see exactly the same frames. */
function recordingTools(): { tools: MediaTools; lastSample: Map<string, ProcessResult> } {
  const real = createSpawnMediaTools();
  const lastSample = new Map<string, ProcessResult>();
  return {
    lastSample,
    tools: {
      ffprobe: (args, opts) => real.ffprobe(args, opts),
      ffmpeg: async (args, opts) => {
        const result = await real.ffmpeg(args, opts);
        const url = args[args.indexOf('-i') + 1];
        if (url && args.includes('-filter_complex')) lastSample.set(url, result);
        return result;
      },
    },
  };
}

/** Runs `fn` over `items`, `parallel` at a time, results in input order. */
async function pool<T, R>(items: readonly T[], parallel: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return out;
}

/**
 * The corpus on a real GStreamer RTSP server, probed by the agent's real prober (TCP, ffprobe
 * stream check, ffmpeg picture sample, judge) exactly as in production. The camera's day and
 * night references are learnt first from the reference clips, the way the agent learns them
 * from its first ok samples.
 */
export class CorpusRunner {
  private server: RtspTestServer | null = null;
  private readonly recorder = recordingTools();
  private readonly prober = createRealProber({
    logger: pino({ level: 'silent' }),
    concurrency: 64,
    frameSampleSeconds: SAMPLE_SECONDS,
    media: this.recorder.tools,
  });
  private paths = new Map<string, string>();
  reference: PictureReference = emptyReference();
  referenceHash: string | null = null;

  /** Renders (or finds in the cache) the reference clips and `specs` (all clips by default), and serves them. */
  async start(specs: readonly ClipSpec[] = CLIPS): Promise<void> {
    this.paths = await renderClips(specs.length === CLIPS.length ? CLIPS : [...CLIPS.filter((c) => c.role !== 'test'), ...specs]);
    this.server = await new RtspTestServer(`${CORPUS_DIR}clips`).start();
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = null;
  }

  private target(spec: ClipSpec): CameraTarget {
    const file = this.paths.get(spec.id);
    if (!file || !this.server) throw new Error(`clip ${spec.id} is not served (start() first)`);
    const name = file
      .split('/')
      .at(-1)!
      .replace(/\.mkv$/, '');
    return {
      cameraId: `CORPUS-${spec.id}`,
      make: 'corpus',
      model: 'vtest',
      firmware: null,
      rtspUrl: this.server.clipUrl(name),
      onvifUrl: null,
      username: null,
      password: null,
      snapshotUrl: null,
    };
  }

  private probe(spec: ClipSpec): Promise<CameraVerdict> {
    const ctx = {
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS * 2),
      timeoutMs: PROBE_TIMEOUT_MS,
      referenceHash: this.referenceHash,
      pictureReference: this.reference,
    };
    return this.prober.probe(this.target(spec), ctx, true);
  }

  /** Learns the day and night references from the reference clips (the first day frame also becomes the legacy reference hash). */
  async learnReferences(parallel: number): Promise<void> {
    const refs = CLIPS.filter((c) => c.role !== 'test');
    const verdicts = await pool(refs, parallel, (spec) => this.probe(spec));
    let reference = emptyReference();
    for (const [i, v] of verdicts.entries()) {
      if (v.status !== 'ok' || !v.pictureSummary)
        throw new Error(`reference clip ${refs[i]!.id} is not ok: ${v.status}/${v.cause} ${v.detail}`);
      reference = {
        ...reference,
        day: v.pictureSummary.day ? learn(reference.day, v.pictureSummary.day) : reference.day,
        night: v.pictureSummary.night ? learn(reference.night, v.pictureSummary.night) : reference.night,
      };
      if (!this.referenceHash && refs[i]!.role === 'reference-day') this.referenceHash = v.frameHash;
    }
    this.reference = reference;
  }

  /** Probes each clip against the learnt references, and judges the same sample again by the fixed thresholds. */
  async run(specs: readonly ClipSpec[], parallel: number): Promise<ClipResult[]> {
    return pool(specs, parallel, async (spec) => {
      const verdict = await this.probe(spec);
      return { spec, verdict, baseline: await this.baselineOf(spec, verdict) };
    });
  }

  private async baselineOf(spec: ClipSpec, verdict: CameraVerdict): Promise<ClipResult['baseline']> {
    const url = this.target(spec).rtspUrl!;
    const raw = this.recorder.lastSample.get(url);
    const others = (verdict.causes ?? []).filter((c) => !PICTURE_CAUSES.has(c));
    if (!raw || !verdict.stream) return decideStatus(others, verdict.stream !== null);
    // Replay the recorded ffmpeg output through the same sampler: the very frames the new judge saw.
    const replay: MediaTools = { ffprobe: () => Promise.reject(new Error('not used')), ffmpeg: () => Promise.resolve(raw) };
    const sample = await samplePicture(replay, url, {
      signal: AbortSignal.timeout(10_000),
      timeoutMs: 10_000,
      seconds: SAMPLE_SECONDS,
      sourceWidth: verdict.stream.width,
      sourceHeight: verdict.stream.height,
      sourceFps: verdict.stream.fps,
      transport: 'tcp',
      thresholds: DEFAULT_PICTURE_THRESHOLDS,
    });
    const fixed = assessPicture(sample, { hash: this.referenceHash, picture: null }, DEFAULT_PICTURE_THRESHOLDS);
    return decideStatus([...others, ...fixed.causes], true);
  }
}
