import { createHash, randomInt } from 'node:crypto';

/**
 * One-time claim codes a technician types into the agent: 8 characters from an alphabet
 * without look-alikes (no 0/O, 1/I/L, U), shown as `ABCD-EFGH`. 30^8 ≈ 6.6·10^11 codes,
 * a short expiry and a rate-limited claim endpoint make guessing hopeless.
 */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 8;

export function newClaimCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Canonical form of what a person typed (case, spaces and dashes ignored); null when it cannot be a code. */
export function normalizeClaimCode(input: string): string | null {
  const raw = input.toUpperCase().replace(/[\s-]/g, '');
  if (raw.length !== LENGTH) return null;
  for (const ch of raw) if (!ALPHABET.includes(ch)) return null;
  return raw;
}

export function hashClaimCode(normalized: string): Buffer {
  return createHash('sha256').update(`claim:${normalized}`).digest();
}
