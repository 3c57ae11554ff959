import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface RecorderCredentials {
  username: string | null;
  password: string | null;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Owners' recorder credentials at rest: AES-256-GCM under a key kept in `hub_secrets`, so a
 * dump of the connections table alone does not hand them out. Layout: iv | tag | ciphertext.
 */
export class RecorderCredentialsBox {
  constructor(private readonly key: () => Promise<Buffer>) {}

  async seal(c: RecorderCredentials): Promise<Buffer> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', await this.key(), iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(c), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  /** Throws when the ciphertext was altered or sealed under another key (GCM's tag does not match). */
  async open(sealed: Buffer): Promise<RecorderCredentials> {
    const decipher = createDecipheriv('aes-256-gcm', await this.key(), sealed.subarray(0, IV_BYTES));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const text = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as RecorderCredentials;
  }
}
