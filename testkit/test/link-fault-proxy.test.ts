import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/free-port.ts';
import { CLEAN_LINK, LinkFaultProxy, type LinkProfile } from '../src/link-fault-proxy.ts';
import { waitUntil } from '../src/wait-until.ts';

/** An echo server: what goes up through the proxy comes back down through it. */
let echo: Server;
let echoPort: number;
beforeAll(async () => {
  echoPort = await freePort();
  echo = createServer((s) => {
    s.on('error', () => undefined);
    s.pipe(s);
  });
  await new Promise<void>((resolve) => echo.listen(echoPort, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => echo.close(() => resolve()));
});

const open = (port: number) =>
  new Promise<Socket>((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });

/** Sends `data` and collects the echo until it is complete. */
async function roundTrip(s: Socket, data: Buffer): Promise<Buffer> {
  const got: Buffer[] = [];
  let n = 0;
  const done = new Promise<void>((resolve, reject) => {
    s.on('data', (c: Buffer) => {
      got.push(c);
      n += c.length;
      if (n >= data.length) resolve();
    });
    s.once('close', () => reject(new Error(`closed after ${n} of ${data.length} bytes`)));
  });
  s.write(data);
  await done;
  return Buffer.concat(got);
}

describe('LinkFaultProxy', () => {
  it('carries every byte in order through latency, a throughput limit and stalls, no faster than the limit allows', async () => {
    const slow: LinkProfile = {
      latencyMs: [20, 80],
      bitsPerSecond: [256_000, 256_000],
      stall: { chance: 0.1, ms: [50, 150] },
      drops: null,
    };
    const proxy = await new LinkFaultProxy({ target: { host: '127.0.0.1', port: echoPort }, profile: slow, seed: 1 }).start();
    try {
      const s = await open(proxy.listenPort);
      const data = randomBytes(40_000);
      const t0 = performance.now();
      const back = await roundTrip(s, data);
      const elapsed = performance.now() - t0;
      expect(back.equals(data)).toBe(true);
      // A lower bound only (a loaded machine is slower, never faster): 40 kB at 256 kbit/s is 1.25 s on the line.
      expect(elapsed).toBeGreaterThanOrEqual((data.length * 8 * 1000) / 256_000);
      expect(proxy.stats.stalls).toBeGreaterThan(0);
      expect(proxy.stats.bytesUp).toBe(data.length);
      expect(proxy.stats.bytesDown).toBe(data.length);
      s.destroy();
    } finally {
      await proxy.stop();
    }
  });

  it('a drop resets open connections and refuses new ones while the link is down; a clean profile ends the faults', async () => {
    const proxy = await new LinkFaultProxy({ target: { host: '127.0.0.1', port: echoPort }, profile: CLEAN_LINK, seed: 2 }).start();
    try {
      const s = await open(proxy.listenPort);
      expect((await roundTrip(s, Buffer.from('hello'))).toString()).toBe('hello');
      const reset = new Promise<string | undefined>((resolve) => s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code)));
      proxy.drop(60_000);
      // Reset, not closed: the station sees its bearer vanish, not a polite goodbye.
      expect(await reset).toBe('ECONNRESET');
      // Refused: reset at once (during or right after the handshake), never bridged.
      const refused = await new Promise<boolean>((resolve) => {
        const t = connect(proxy.listenPort, '127.0.0.1');
        t.on('error', () => undefined);
        t.once('close', (hadError) => resolve(hadError));
      });
      expect(refused).toBe(true);
      expect(proxy.stats).toMatchObject({ connections: 1, drops: 1, refused: 1 });
      proxy.setProfile(CLEAN_LINK);
      const again = await open(proxy.listenPort);
      expect((await roundTrip(again, Buffer.from('back'))).toString()).toBe('back');
      again.destroy();
    } finally {
      await proxy.stop();
    }
  });

  it('drops on its own, seeded, every few moments', async () => {
    const flapping: LinkProfile = { ...CLEAN_LINK, drops: { everyMs: [50, 150], downMs: [10, 20] } };
    const proxy = await new LinkFaultProxy({ target: { host: '127.0.0.1', port: echoPort }, profile: flapping, seed: 3 }).start();
    try {
      await waitUntil(() => proxy.stats.drops >= 3, { timeoutMs: 10_000, what: 'three drops' });
    } finally {
      await proxy.stop();
    }
  });
});
