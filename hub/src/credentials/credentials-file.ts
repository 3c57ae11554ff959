import { readFile, rename, writeFile } from 'node:fs/promises';
import { parseStationCredentials, renderStationCredentials, type StationCredentialsFile } from '@camwatch/config';
import type { CredentialService } from './credential-service.ts';

export type CredentialsFile = StationCredentialsFile;

/** The entries that are well formed; a bad one is left out, so it is reissued below. */
async function readIfExists(file: string): Promise<CredentialsFile> {
  try {
    return parseStationCredentials(JSON.parse(await readFile(file, 'utf8'))).entries;
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
export async function provisionCredentialsFile(
  credentials: CredentialService,
  stationIds: readonly string[],
  file: string,
  concurrency = 4,
): Promise<{ issued: number; total: number; entries: CredentialsFile }> {
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
    await writeFile(tmp, renderStationCredentials(entries), { mode: 0o600 });
    await rename(tmp, file);
  }
  return { issued: todo.length, total: stationIds.length, entries };
}
