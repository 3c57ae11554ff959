import { createHash } from 'node:crypto';
import type { OnvifChannel, OnvifIdentity } from './onvif-identity.ts';

/** First retry of a failed identity read, then doubling up to the cap: a camera with a wrong password is not asked 12 things a minute. */
export const IDENTITY_RETRY_MIN_MS = 30_000;
export const IDENTITY_RETRY_MAX_MS = 30 * 60_000;

interface Entry {
  fingerprint: string;
  identity: OnvifIdentity | null;
  failure: { message: string; retryAt: number; attempts: number } | null;
}

/**
 * Identity read once per boot, or again when the address, the credentials or the device
 * (serial, firmware) change. A failed read is remembered with backoff; meanwhile the ONVIF
 * check only asks the two cheap questions.
 */
export class OnvifIdentityCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  static fingerprint(xaddr: string, username: string | null, password: string | null): string {
    // The password only as a hash: the cache is printed in no log, but it need not hold secrets.
    return createHash('sha256')
      .update(`${xaddr}\n${username ?? ''}\n${password ?? ''}`)
      .digest('base64url');
  }

  private entry(cameraId: string, fingerprint: string): Entry | null {
    const e = this.entries.get(cameraId);
    return e && e.fingerprint === fingerprint ? e : null;
  }

  identity(cameraId: string, fingerprint: string): OnvifIdentity | null {
    return this.entry(cameraId, fingerprint)?.identity ?? null;
  }

  /** The last failure while its backoff runs; null when a read is due. */
  pendingFailure(cameraId: string, fingerprint: string): { message: string; retryInMs: number } | null {
    const f = this.entry(cameraId, fingerprint)?.failure;
    if (!f) return null;
    const retryInMs = f.retryAt - this.now();
    return retryInMs > 0 ? { message: f.message, retryInMs } : null;
  }

  succeeded(cameraId: string, fingerprint: string, identity: OnvifIdentity): void {
    this.entries.set(cameraId, { fingerprint, identity, failure: null });
  }

  failed(cameraId: string, fingerprint: string, message: string): void {
    const attempts = (this.entry(cameraId, fingerprint)?.failure?.attempts ?? 0) + 1;
    const delay = Math.min(IDENTITY_RETRY_MAX_MS, IDENTITY_RETRY_MIN_MS * 2 ** (attempts - 1));
    this.entries.set(cameraId, { fingerprint, identity: null, failure: { message, retryAt: this.now() + delay, attempts } });
  }

  forget(cameraId: string): void {
    this.entries.delete(cameraId);
  }

  /** The channel's media URIs, whatever the credentials: snapshots use them between probes. */
  channel(cameraId: string, channel: number): OnvifChannel | null {
    return this.entries.get(cameraId)?.identity?.channels.find((c) => c.channel === channel) ?? null;
  }
}
