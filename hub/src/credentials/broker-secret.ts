import { randomBytes, scrypt } from 'node:crypto';
import { verifyPassword } from '../auth/password-hasher.ts';

/**
 * Broker secrets are random 256-bit strings made by the hub, never chosen by people: their
 * strength is the 256 bits, not the hash cost. Hub accounts keep scrypt hashes at a low cost
 * (N=2^10, ~1 ms) in the user-password format (`scrypt$N$r$p$salt$hash`), so one verifier
 * (verifyPassword, which also reads Mosquitto `$7$` hashes) serves every stored secret.
 */
const PARAMS = { N: 1 << 10, r: 8, p: 1 } as const;

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, 32, { ...PARAMS, maxmem: 64 * 1024 * 1024 }, (err, key) => {
      if (err) reject(err);
      else resolve(`scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`);
    });
  });
}

/** True when `secret` matches any of the stored hashes (a station may hold two during a rotation). */
export async function matchesAny(secret: string, rows: readonly { secret_hash: string }[]): Promise<boolean> {
  for (const r of rows) if (await verifyPassword(secret, r.secret_hash)) return true;
  return false;
}
