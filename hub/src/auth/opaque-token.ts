import { createHash, randomBytes } from 'node:crypto';

/**
 * Session tokens are 32 random bytes (base64url) given to the client once; the database
 * keeps only their SHA-256, so a leaked table does not leak sessions.
 */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Cheap shape check before any database lookup. */
export function looksLikeToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
