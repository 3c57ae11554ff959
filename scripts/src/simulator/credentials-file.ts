import { readFile } from 'node:fs/promises';
import { isValidId } from '@camwatch/config';
import type { StationCredentials } from './fleet-runner.ts';

export class CredentialsFileError extends Error {
  override readonly name = 'CredentialsFileError';
}

/**
 * Reads per-station MQTT credentials: a JSON object `{ "<stationId>": { "username": "…",
 * "password": "…" } }` (what the hub hands out when it provisions stations). Every bad entry is
 * reported, by station id, never with the password.
 */
export async function loadCredentialsFile(file: string): Promise<(stationId: string) => StationCredentials | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new CredentialsFileError(`${file}: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CredentialsFileError(`${file}: expected an object keyed by station id`);
  const map = new Map<string, StationCredentials>();
  const problems: string[] = [];
  for (const [stationId, entry] of Object.entries(parsed)) {
    if (!isValidId(stationId)) problems.push(`${JSON.stringify(stationId)}: not a valid station id`);
    const e = entry as Record<string, unknown> | null;
    const extra = e && typeof e === 'object' ? Object.keys(e).filter((k) => k !== 'username' && k !== 'password') : [];
    if (!e || typeof e !== 'object' || typeof e.username !== 'string' || typeof e.password !== 'string' || !e.username || !e.password) {
      problems.push(`${stationId}: needs a non-empty "username" and "password"`);
      continue;
    }
    if (extra.length > 0) problems.push(`${stationId}: unknown keys ${extra.join(', ')}`);
    map.set(stationId, { username: e.username, password: e.password });
  }
  if (problems.length > 0) throw new CredentialsFileError(`${file}:\n  ${problems.join('\n  ')}`);
  return (stationId) => map.get(stationId);
}
