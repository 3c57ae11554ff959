import { readFile, rename, writeFile } from 'node:fs/promises';
import type { CredentialService } from './credential-service.ts';

export type CredentialsFile = Record<string, { username: string; password: string }>;

async function readIfExists(file: string): Promise<CredentialsFile> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as CredentialsFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`${file}: ${(err as Error).message}`);
  }
}

/**
 * Development and demo provisioning: makes sure every station has a working credential and that
 * `file` (mode 0600, `{ stationId: { username, password } }`, the format the simulator reads) holds
 * it. Entries that no longer verify (revoked, or a fresh database) are reissued. Hashing runs a
 * few at a time (scrypt is deliberately slow).
 */
export async function provisionCredentialsFile(credentials: CredentialService, stationIds: readonly string[], file: string, concurrency = 4): Promise<{ issued: number; total: number; entries: CredentialsFile }> {
  const entries = await readIfExists(file);
  const todo: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < stationIds.length) {
      const id = stationIds[next++]!;
      const have = entries[id];
      if (!have || !(await credentials.verifyStation(id, have.password))) todo.push(id);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  next = 0;
  const issue = async () => {
    while (next < todo.length) {
      const id = todo[next++]!;
      const c = await credentials.createStationCredential(id);
      entries[id] = { username: c.username, password: c.secret };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, issue));
  if (todo.length) {
    const tmp = `${file}.tmp`;
    await writeFile(tmp, JSON.stringify(entries, null, 1), { mode: 0o600 });
    await rename(tmp, file);
  }
  return { issued: todo.length, total: stationIds.length, entries };
}
