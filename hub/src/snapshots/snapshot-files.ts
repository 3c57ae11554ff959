import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const SHA = /^[0-9a-f]{64}$/;

/**
 * Content-addressed JPEG files: `<dir>/ab/cd/<sha256>.jpg`. The same picture sent twice is one
 * file; a write is atomic (temp file, then rename), so a crash never leaves half a JPEG.
 */
export class SnapshotFiles {
  constructor(readonly dir: string) {}

  pathOf(sha256: string): string {
    if (!SHA.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}.jpg`);
  }

  async put(jpeg: Uint8Array): Promise<{ sha256: string; bytes: number; created: boolean }> {
    const sha256 = createHash('sha256').update(jpeg).digest('hex');
    const path = this.pathOf(sha256);
    if (await exists(path)) return { sha256, bytes: jpeg.byteLength, created: false };
    await mkdir(join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4)), { recursive: true });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tmp, jpeg, { flag: 'wx' });
    await rename(tmp, path);
    return { sha256, bytes: jpeg.byteLength, created: true };
  }

  async remove(sha256: string): Promise<void> {
    try {
      await unlink(this.pathOf(sha256));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
