import { isValidId } from '../ids.ts';

/**
 * The station credentials file of development and demo runs: a JSON object
 * `{ "<stationId>": { "username": "…", "password": "…" } }`, mode 0600. The hub writes it when it
 * provisions stations (`pnpm start`), the chaos runner writes one for its Mosquitto accounts, and
 * the simulator reads it. One definition, so writer and reader cannot drift.
 */
export interface StationCredentialEntry {
  username: string;
  password: string;
}
export type StationCredentialsFile = Record<string, StationCredentialEntry>;

/**
 * Checks a parsed file: the good entries, and one problem line per bad one (by station id,
 * never with the password).
 */
export function parseStationCredentials(parsed: unknown): { entries: StationCredentialsFile; problems: string[] } {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { entries: {}, problems: ['expected an object keyed by station id'] };
  const entries: StationCredentialsFile = {};
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
    entries[stationId] = { username: e.username, password: e.password };
  }
  return { entries, problems };
}

/** The file's text (one entry a line, readable when debugging a demo). */
export function renderStationCredentials(entries: StationCredentialsFile): string {
  return JSON.stringify(entries, null, 1);
}
