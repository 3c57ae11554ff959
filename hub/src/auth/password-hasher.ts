import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { isMosquittoHash, verifyMosquittoHash } from '../credentials/mosquitto-password.ts';

/**
 * User passwords: scrypt (node:crypto), stored as `scrypt$N$r$p$salt$hash` so the cost can
 * be raised later without breaking old hashes. N=2^15 costs ~50 ms and 32 MB per check.
 */
const PARAMS = { N: 1 << 15, r: 8, p: 1 } as const;
const KEY_LEN = 32;

function derive(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LEN, { ...opts, maxmem: 128 * opts.N! * opts.r! * 2 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * Checks a secret against a stored hash: scrypt (people, hub accounts) or Mosquitto's `$7$`
 * PBKDF2 (station secrets issued by the API: 256 random bits, so the cheap hash costs nothing
 * in strength and lets one stored hash serve the embedded broker and Mosquitto's password file).
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (isMosquittoHash(stored)) return verifyMosquittoHash(password, stored);
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 1 << 20) return false;
  const expected = Buffer.from(parts[5]!, 'base64');
  const key = await derive(password, Buffer.from(parts[4]!, 'base64'), { N, r, p });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash nobody's password matches; checked against when the user does not exist, so timing does not reveal usernames. */
export const DUMMY_HASH = `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${randomBytes(16).toString('base64')}$${randomBytes(KEY_LEN).toString('base64')}`;
