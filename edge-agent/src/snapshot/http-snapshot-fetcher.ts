import { raceSignal } from '../probe/abort-timeout.ts';
import { RejectedInputError } from '../probe/reject-counter.ts';
import { basicAuthorization, digestAuthorization, parseChallenge } from './digest-auth.ts';

export interface HttpSnapshotOptions {
  username: string | null;
  password: string | null;
  signal: AbortSignal;
  timeoutMs: number;
  /** Bodies larger than this are refused before they are read in full (a 4K camera's JPEG is ~2 MB). */
  maxBytes?: number;
}

export class SnapshotHttpError extends Error {
  override readonly name = 'SnapshotHttpError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * GET a camera's snapshot URI: a JPEG, or a PNG (checked by its bytes). Credentials are sent only in answer to a challenge: Digest
 * (Hikvision, Dahua) or Basic (older models). Credentials in the URL itself are honoured
 * and moved to the header, since fetch refuses URLs that carry them.
 */
export async function fetchSnapshotJpeg(snapshotUrl: string, opts: HttpSnapshotOptions): Promise<Buffer> {
  const url = new URL(snapshotUrl);
  const username = url.username ? decodeURIComponent(url.username) : opts.username;
  const password = url.password ? decodeURIComponent(url.password) : opts.password;
  url.username = '';
  url.password = '';
  const target = url.pathname + url.search;

  let res = await get(url, undefined, opts);
  if (res.status === 401 && username !== null) {
    const challenge = parseChallenge(res.headers.get('www-authenticate') ?? '');
    await res.body?.cancel();
    let authorization: string | null = null;
    if (challenge?.scheme === 'digest') {
      authorization = digestAuthorization(challenge, { method: 'GET', uri: target, username, password: password ?? '', nonceCount: 1 });
    } else if (challenge?.scheme === 'basic') {
      authorization = basicAuthorization(username, password ?? '');
    }
    if (!authorization) throw new SnapshotHttpError(401, `snapshot: unsupported authentication challenge "${challenge?.scheme ?? 'none'}"`);
    res = await get(url, authorization, opts);
  }
  if (res.status !== 200) {
    await res.body?.cancel();
    throw new SnapshotHttpError(res.status, `snapshot: HTTP ${res.status}${res.status === 401 ? ' (wrong user name or password)' : ''}`);
  }
  const body = await readLimited(res, opts.maxBytes ?? 4 * 1024 * 1024, opts);
  // Content-Type is not trusted (some firmware omits it or says text/plain): the bytes decide.
  // Some firmware (and many NVRs) answer PNG: the caller converts it (fitImage).
  if (isPng(body)) return body;
  if (body.length < 4 || body[0] !== 0xff || body[1] !== 0xd8) {
    throw new RejectedInputError(
      'snapshot_not_jpeg',
      `snapshot: answer is not a JPEG (${res.headers.get('content-type') ?? 'no content type'}, ${body.length} bytes)`,
    );
  }
  return body;
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length > 24 && Buffer.from(bytes.subarray(0, 8)).equals(PNG_MAGIC);
}

function get(url: URL, authorization: string | undefined, opts: HttpSnapshotOptions): Promise<Response> {
  return raceSignal(
    fetch(url, { signal: opts.signal, redirect: 'error', headers: authorization ? { authorization } : {} }),
    opts.signal,
    'snapshot GET',
    opts.timeoutMs,
  );
}

async function readLimited(res: Response, maxBytes: number, opts: HttpSnapshotOptions): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw new RejectedInputError('snapshot_too_large', `snapshot: ${declared} bytes announced, limit ${maxBytes}`);
  }
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await raceSignal(reader.read(), opts.signal, 'snapshot body', opts.timeoutMs);
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new RejectedInputError('snapshot_too_large', `snapshot: more than ${maxBytes} bytes`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}
