import { readFile } from 'node:fs/promises';
import { parseStationCredentials } from '@camwatch/config';
import type { StationCredentials } from './fleet-runner.ts';

export class CredentialsFileError extends Error {
  override readonly name = 'CredentialsFileError';
}

/**
 * Reads per-station MQTT credentials (the format of config's station-credentials-file.ts, what
 * the hub hands out when it provisions stations). Every bad entry is reported, by station id,
 * never with the password.
 */
export async function loadCredentialsFile(file: string): Promise<(stationId: string) => StationCredentials | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new CredentialsFileError(`${file}: ${(err as Error).message}`);
  }
  const { entries, problems } = parseStationCredentials(parsed);
  if (problems.length > 0) throw new CredentialsFileError(`${file}:\n  ${problems.join('\n  ')}`);
  const map = new Map(Object.entries(entries));
  return (stationId) => map.get(stationId);
}
