import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Mosquitto 2.x password hashes (`$7$<iterations>$<salt>$<hash>`, PBKDF2-SHA512, 12-byte salt,
 * 64-byte hash, base64), the format `mosquitto_passwd` writes. The hub stores station
 * passwords only in this form, so the same stored hash serves the embedded broker and the
 * Mosquitto password file, and no plaintext is kept after it is handed to the station once.
 */
const DEFAULT_ITERATIONS = 101;
const HASH_RE = /^\$7\$(\d{1,7})\$([A-Za-z0-9+/=]{16})\$([A-Za-z0-9+/=]{88})$/;

export function mosquittoHash(password: string, iterations = DEFAULT_ITERATIONS, salt: Buffer = randomBytes(12)): string {
  const hash = pbkdf2Sync(password, salt, iterations, 64, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function isMosquittoHash(value: string): boolean {
  return HASH_RE.test(value);
}

/** Constant-time check of a password against a stored `$7$` hash; false for malformed hashes. */
export function verifyMosquittoHash(password: string, stored: string): boolean {
  const m = HASH_RE.exec(stored);
  if (!m) return false;
  const expected = Buffer.from(m[3]!, 'base64');
  const actual = pbkdf2Sync(password, Buffer.from(m[2]!, 'base64'), Number(m[1]), expected.length, 'sha512');
  return timingSafeEqual(actual, expected);
}
