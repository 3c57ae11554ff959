import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/db.ts';
import { SigningKeyRepository } from './signing-key-repository.ts';

/**
 * Snapshot URLs that cannot be guessed or walked: `/api/snapshots/<token>` where the token
 * packs the snapshot, the user it was issued to and an expiry, signed with HMAC-SHA256 under
 * a key shared by every hub through the database. A token is useless to anyone else (the
 * fetch also needs that user's session) and dies after `ttlMs`.
 */
export interface SnapshotClaim {
  snapshotId: number;
  userId: string;
  expiresAt: number;
}

const KEY_NAME = 'snapshot-url-key';
/** snapshot id (6 bytes) | expiry, epoch seconds (4) | user uuid (16). */
const PAYLOAD_BYTES = 26;

export class SnapshotLinks {
  private key: Buffer | null = null;
  private readonly keys: SigningKeyRepository;

  constructor(
    db: Db,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.keys = new SigningKeyRepository(db);
  }

  private async signingKey(): Promise<Buffer> {
    if (this.key) return this.key;
    this.key = await this.keys.getOrCreate(KEY_NAME);
    return this.key;
  }

  async url(snapshotId: number, userId: string): Promise<string> {
    // Expiry rounded up to the minute so the same picture keeps the same URL for a while (browser cache).
    const expiresAt = Math.ceil((this.now() + this.ttlMs) / 60_000) * 60_000;
    const body = Buffer.alloc(PAYLOAD_BYTES);
    body.writeUIntBE(snapshotId, 0, 6);
    body.writeUInt32BE(expiresAt / 1000, 6);
    Buffer.from(userId.replace(/-/g, ''), 'hex').copy(body, 10);
    const text = body.toString('base64url');
    return `/api/snapshots/${text}.${await this.sign(text)}`;
  }

  /** The claim of a genuine token; `expired` only for a genuine but expired one, `invalid` for anything else. */
  async verify(token: string): Promise<SnapshotClaim | 'invalid' | 'expired'> {
    const m = /^([A-Za-z0-9_-]{35})\.([A-Za-z0-9_-]{22})$/.exec(token);
    if (!m) return 'invalid';
    const expected = Buffer.from(await this.sign(m[1]!), 'base64url');
    const given = Buffer.from(m[2]!, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    const body = Buffer.from(m[1]!, 'base64url');
    const hex = body.subarray(10, 26).toString('hex');
    const claim = {
      snapshotId: body.readUIntBE(0, 6),
      userId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
      expiresAt: body.readUInt32BE(6) * 1000,
    };
    return claim.expiresAt <= this.now() ? 'expired' : claim;
  }

  /** HMAC-SHA256 truncated to 128 bits: unforgeable, and the URL stays short. */
  private async sign(body: string): Promise<string> {
    return createHmac('sha256', await this.signingKey())
      .update(body)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
  }
}
