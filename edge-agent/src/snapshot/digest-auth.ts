import { createHash, randomBytes } from 'node:crypto';

/** One parsed WWW-Authenticate challenge. */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses `Digest realm="a, b", qop="auth,auth-int", nonce=abc` honouring quoted strings
 * (node-onvif splits on commas and breaks on realms and qop lists that contain them).
 * Only the first challenge is returned; cameras send one.
 */
export function parseChallenge(header: string): AuthChallenge | null {
  const m = /^\s*([A-Za-z][\w-]*)\s*(.*)$/s.exec(header);
  if (!m) return null;
  const params: Record<string, string> = {};
  const re = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[2]!)) !== null) {
    params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3]!;
  }
  return { scheme: m[1]!.toLowerCase(), params };
}

const HASHES: Record<string, string> = { md5: 'md5', 'md5-sess': 'md5', 'sha-256': 'sha256', 'sha-256-sess': 'sha256' };

export interface DigestRequest {
  method: string;
  /** Request target as sent on the request line (path and query). */
  uri: string;
  username: string;
  password: string;
  /** Counts requests made with this nonce. */
  nonceCount: number;
}

/** RFC 7616 Authorization header value for a Digest challenge; null for an algorithm we do not speak. */
export function digestAuthorization(challenge: AuthChallenge, req: DigestRequest): string | null {
  const c = challenge.params;
  const algorithm = (c.algorithm ?? 'MD5').toLowerCase();
  const hashName = HASHES[algorithm];
  if (!hashName || c.nonce === undefined || c.realm === undefined) return null;
  const h = (s: string): string => createHash(hashName).update(s, 'utf8').digest('hex');
  const qop = c.qop
    ? c.qop
        .split(',')
        .map((q) => q.trim())
        .includes('auth')
      ? 'auth'
      : null
    : undefined;
  if (qop === null) return null; // auth-int only: would need the body hash, no camera asks for it on a GET
  const cnonce = randomBytes(8).toString('hex');
  const nc = req.nonceCount.toString(16).padStart(8, '0');
  let ha1 = h(`${req.username}:${c.realm}:${req.password}`);
  if (algorithm.endsWith('-sess')) ha1 = h(`${ha1}:${c.nonce}:${cnonce}`);
  const ha2 = h(`${req.method}:${req.uri}`);
  const response = qop ? h(`${ha1}:${c.nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : h(`${ha1}:${c.nonce}:${ha2}`);
  const quote = (s: string): string => `"${s.replace(/(["\\])/g, '\\$1')}"`;
  const parts = [
    `username=${quote(req.username)}`,
    `realm=${quote(c.realm)}`,
    `nonce=${quote(c.nonce)}`,
    `uri=${quote(req.uri)}`,
    `algorithm=${c.algorithm ?? 'MD5'}`,
    `response=${quote(response)}`,
  ];
  if (qop) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce=${quote(cnonce)}`);
  if (c.opaque !== undefined) parts.push(`opaque=${quote(c.opaque)}`);
  return `Digest ${parts.join(', ')}`;
}

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
