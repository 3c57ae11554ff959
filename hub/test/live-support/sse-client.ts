import { request as httpRequest, type IncomingMessage } from 'node:http';
import { waitUntil } from '@camwatch/testkit';

export interface Frame {
  event: string;
  data: Record<string, unknown>;
  /** When the frame was read (ms since epoch). */
  at: number;
}

export interface SseClient {
  frames: Frame[];
  res: IncomingMessage;
  close(): void;
}

/** A real HTTP client reading an event stream, as a browser's EventSource would. */
export function openSse(url: string, token: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...headers } }, (res) => {
      const frames: Frame[] = [];
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) frames.push({ event, data: JSON.parse(data) as Record<string, unknown>, at: Date.now() });
        }
      });
      resolve({ frames, res, close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The shared `waitUntil`, polled briskly: live-stream tests measure latencies of a few ms. */
export const until = (fn: () => boolean, what: string, timeoutMs = 10_000): Promise<void> =>
  waitUntil(fn, { what, timeoutMs, everyMs: 10 });

/** Median and maximum of some figures, for the logs. */
export function summary(values: readonly number[]): { median: number; max: number; n: number } {
  const s = [...values].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)] ?? Number.NaN, max: s[s.length - 1] ?? Number.NaN, n: s.length };
}
