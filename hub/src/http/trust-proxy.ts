import { isIP } from 'node:net';

/** Names proxy-addr (fastify's trustProxy) understands for whole ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function entryProblem(entry: string): string | null {
  if (RANGE_NAMES.has(entry)) return null;
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return `${JSON.stringify(entry)} is not an address, a CIDR or one of ${[...RANGE_NAMES].join(', ')}`;
  if (prefix === undefined) return null;
  const bits = Number(prefix);
  const max = family === 4 ? 32 : 128;
  return /^\d+$/.test(prefix) && bits <= max ? null : `${JSON.stringify(entry)}: prefix must be 0–${max}`;
}

/**
 * TRUST_PROXY: the reverse proxies (nginx, Caddy) whose X-Forwarded-For / -Proto / -Host the hub
 * believes, as addresses, CIDRs or `loopback` (a proxy on the same host). Unset: none, and the
 * headers are ignored, so a client cannot pick its own address for the login rate limit or the audit log.
 *
 * Not accepted, on purpose: `true` (every peer trusted: whoever reaches the port directly can
 * claim any address) and hop counts (fastify 5 fails them closed, since a hop count cannot tell
 * a proxy from a client that connects directly). Naming the proxy is what makes the header safe.
 */
export function parseTrustProxy(value: string | undefined, problems: string[]): string[] | undefined {
  if (value === undefined || /^(|0|false|no|off)$/i.test(value.trim())) return undefined;
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (/^(true|yes|\d+)$/i.test(value.trim())) {
    problems.push(
      `TRUST_PROXY: name the proxy's address instead of ${JSON.stringify(value)} (e.g. loopback for nginx on this host, or 10.0.0.5, or 10.0.0.0/24); a flag or hop count would let clients that reach the port directly spoof X-Forwarded-For`,
    );
    return undefined;
  }
  const bad = entries.map(entryProblem).filter((p): p is string => p !== null);
  for (const p of bad) problems.push(`TRUST_PROXY: ${p}`);
  return bad.length ? undefined : entries;
}
