import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
}

/** True when a process with this pid exists (signal 0 probes without signalling). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One camwatch process per data directory: `<dataDir>/camwatch.lock` holds the owner's pid.
 * A lock left by a dead process is taken over; a live owner is a clear error, never two
 * PostgreSQL servers on one cluster.
 */
export async function lockDataDir(dataDir: string): Promise<{ path: string; release(): Promise<void> }> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'camwatch.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      return {
        path,
        release: () =>
          unlink(path).catch((err: NodeJS.ErrnoException) => {
            if (err.code !== 'ENOENT') throw err;
          }),
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number((await readFile(path, 'utf8')).trim());
      if (Number.isInteger(owner) && owner > 0 && processAlive(owner)) {
        throw new DataDirInUseError(
          `data directory ${dir} is in use by camwatch process ${owner} (lock file ${path}); stop it first or set DATA_DIR to another directory`,
        );
      }
      await unlink(path);
    }
  }
  throw new DataDirInUseError(`could not lock ${path}`);
}
