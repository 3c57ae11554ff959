import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { freePort } from './free-port.ts';
import { mulberry32 } from './mulberry32.ts';

/** A closed range [min, max]; a value is drawn uniformly from it. */
export type Range = readonly [number, number];

/**
 * What the link does to the bytes it carries. A rural 4G uplink, scaled to test time: seconds
 * where the real link has minutes. `tc netem` would do the same in a network namespace, but
 * that needs privileges CI may not grant; a proxy in the test process needs none.
 */
export interface LinkProfile {
  /** One-way delay added to every segment, drawn per segment (order is kept: a segment never overtakes another). */
  latencyMs: Range;
  /** Throughput in bits per second, drawn per connection and direction (a 4G cell's share varies by connection). */
  bitsPerSecond: Range;
  /**
   * Loss as TCP shows it: a lost segment is retransmitted after a timeout, so the stream stalls and
   * nothing arrives out of order or twice. `chance` per segment, for a stall drawn from `ms`.
   */
  stall: { chance: number; ms: Range } | null;
  /**
   * Connection drops: after a gap drawn from `everyMs` every open connection is reset, and the
   * link refuses new ones for a time drawn from `downMs` (a blip of the 4G bearer).
   */
  drops: { everyMs: Range; downMs: Range } | null;
}

/** A clean link: no delay, no limit, no faults (e.g. after the faulty phase, so a backlog drains quickly). */
export const CLEAN_LINK: LinkProfile = { latencyMs: [0, 0], bitsPerSecond: [1e12, 1e12], stall: null, drops: null };

export interface LinkFaultStats {
  /** Connections accepted and bridged to the target. */
  connections: number;
  /** Blips (every open connection reset at once). */
  drops: number;
  /** Connections reset while the link was down. */
  refused: number;
  stalls: number;
  bytesUp: number;
  bytesDown: number;
}

export interface LinkFaultProxyOptions {
  /** Where the link leads (e.g. a broker on loopback). */
  target: { host: string; port: number };
  profile: LinkProfile;
  /** Every random draw comes from this seed: one stream for the drop schedule, one per connection. */
  seed: number;
}

/** Segments as a link carries them: a chunk the proxy reads is cut into these, each delayed on its own. */
const SEGMENT_BYTES = 1_400;
/** Bytes waiting in one direction before the proxy stops reading (the sender's socket buffer then fills, as on a slow link). */
const HIGH_WATER_BYTES = 32 * 1024;

const draw = (random: () => number, [min, max]: Range) => min + (max - min) * random();

/**
 * A TCP proxy on a free loopback port that carries a connection the way a slow, lossy, flapping
 * link does: latency with jitter, limited throughput, stalls, and connection drops with down time.
 * Seeded: the same seed gives the same drop schedule and the same per-connection draws.
 */
export class LinkFaultProxy {
  readonly stats: LinkFaultStats = { connections: 0, drops: 0, refused: 0, stalls: 0, bytesUp: 0, bytesDown: 0 };
  private server: Server | null = null;
  private port = 0;
  private profile: LinkProfile;
  private readonly links = new Set<BridgedConnection>();
  private readonly dropRandom: () => number;
  private dropTimer: NodeJS.Timeout | null = null;
  private downUntil = 0;

  constructor(private readonly opts: LinkFaultProxyOptions) {
    this.profile = opts.profile;
    this.dropRandom = mulberry32(opts.seed);
  }

  /** The proxy's address as an MQTT URL (what a station is given instead of the broker's). */
  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  get listenPort(): number {
    return this.port;
  }

  /** Connections open now. */
  get open(): number {
    return this.links.size;
  }

  async start(): Promise<this> {
    this.port = await freePort();
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.scheduleDrop();
    return this;
  }

  /**
   * A new profile from now on (open connections keep their drawn throughput, new segments see the
   * new latency and stalls; the drop schedule restarts). `CLEAN_LINK` ends the faults.
   */
  setProfile(profile: LinkProfile): void {
    this.profile = profile;
    this.downUntil = 0;
    for (const link of this.links) link.profile = profile;
    this.scheduleDrop();
  }

  /** A blip now: every open connection is reset and new ones are refused for `downMs`. */
  drop(downMs: number): void {
    this.stats.drops++;
    this.downUntil = Date.now() + downMs;
    for (const link of [...this.links]) link.reset();
  }

  async stop(): Promise<void> {
    if (this.dropTimer) clearTimeout(this.dropTimer);
    this.dropTimer = null;
    for (const link of [...this.links]) link.reset();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private scheduleDrop(): void {
    if (this.dropTimer) clearTimeout(this.dropTimer);
    this.dropTimer = null;
    const drops = this.profile.drops;
    if (!drops || !this.server) return;
    const gap = draw(this.dropRandom, drops.everyMs);
    const down = draw(this.dropRandom, drops.downMs);
    this.dropTimer = setTimeout(() => {
      this.drop(down);
      this.scheduleDrop();
    }, gap);
    this.dropTimer.unref();
  }

  private accept(client: Socket): void {
    if (Date.now() < this.downUntil) {
      this.stats.refused++;
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    const n = ++this.stats.connections;
    const link = new BridgedConnection(client, this.opts.target, this.profile, mulberry32(this.opts.seed + n * 7_919), this.stats);
    this.links.add(link);
    link.onClosed = () => this.links.delete(link);
  }
}

/** One client connection bridged to the target through two shaped directions. */
class BridgedConnection {
  onClosed: () => void = () => undefined;
  private readonly upstream: Socket;
  private readonly pipes: ShapedPipe[];
  private closed = false;

  constructor(
    private readonly client: Socket,
    target: { host: string; port: number },
    private currentProfile: LinkProfile,
    random: () => number,
    stats: LinkFaultStats,
  ) {
    this.upstream = createConnection(target);
    const up = new ShapedPipe(client, this.upstream, currentProfile, random, stats, 'bytesUp');
    const down = new ShapedPipe(this.upstream, client, currentProfile, random, stats, 'bytesDown');
    this.pipes = [up, down];
    // Either side ending or failing ends both: a half-open bridge would hide the fault from the other side.
    for (const socket of [client, this.upstream]) {
      socket.on('error', () => this.reset());
      socket.on('close', () => this.reset());
    }
  }

  set profile(profile: LinkProfile) {
    this.currentProfile = profile;
    for (const pipe of this.pipes) pipe.profile = profile;
  }

  get profile(): LinkProfile {
    return this.currentProfile;
  }

  /** The link goes: both sides see a reset (no FIN), and bytes still travelling are lost, as on a dropped bearer. */
  reset(): void {
    if (this.closed) return;
    this.closed = true;
    for (const pipe of this.pipes) pipe.stop();
    for (const socket of [this.client, this.upstream]) if (!socket.destroyed) socket.resetAndDestroy();
    this.onClosed();
  }
}

/** One direction of a bridged connection: segments leave at the link's rate, arrive after its delay. */
class ShapedPipe {
  private readonly queue: { at: number; data: Buffer }[] = [];
  private queuedBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  /** When the link has finished sending what it was given so far. */
  private lineFreeAt = 0;
  private lastArrival = 0;
  private bitsPerSecond = 0;
  /** The profile `bitsPerSecond` was drawn from: a new profile draws the connection's rate again. */
  private drawnFrom: LinkProfile | null = null;
  private stopped = false;

  constructor(
    private readonly from: Socket,
    private readonly to: Socket,
    public profile: LinkProfile,
    private readonly random: () => number,
    private readonly stats: LinkFaultStats,
    private readonly counter: 'bytesUp' | 'bytesDown',
  ) {
    from.on('data', (chunk: Buffer) => this.take(chunk));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
  }

  private take(chunk: Buffer): void {
    if (this.stopped) return;
    const now = Date.now();
    for (let off = 0; off < chunk.length; off += SEGMENT_BYTES) {
      const data = chunk.subarray(off, off + SEGMENT_BYTES);
      let start = Math.max(now, this.lineFreeAt);
      const stall = this.profile.stall;
      if (stall && this.random() < stall.chance) {
        this.stats.stalls++;
        start += draw(this.random, stall.ms);
      }
      this.lineFreeAt = start + (data.length * 8 * 1000) / this.rate();
      const at = Math.max(this.lastArrival, this.lineFreeAt + draw(this.random, this.profile.latencyMs));
      this.lastArrival = at;
      this.queue.push({ at, data });
      this.queuedBytes += data.length;
    }
    if (this.queuedBytes > HIGH_WATER_BYTES) this.from.pause();
    this.arm();
  }

  private rate(): number {
    if (this.drawnFrom !== this.profile) {
      this.drawnFrom = this.profile;
      this.bitsPerSecond = draw(this.random, this.profile.bitsPerSecond);
    }
    return this.bitsPerSecond;
  }

  private arm(): void {
    if (this.timer || this.stopped) return;
    const head = this.queue[0];
    if (!head) return;
    this.timer = setTimeout(() => this.deliver(), Math.max(0, head.at - Date.now()));
  }

  private deliver(): void {
    this.timer = null;
    if (this.stopped) return;
    const now = Date.now();
    while (this.queue.length && this.queue[0]!.at <= now) {
      const { data } = this.queue.shift()!;
      this.queuedBytes -= data.length;
      this.stats[this.counter] += data.length;
      if (!this.to.destroyed) this.to.write(data);
    }
    if (this.queuedBytes <= HIGH_WATER_BYTES / 2 && this.from.isPaused()) this.from.resume();
    this.arm();
  }
}
