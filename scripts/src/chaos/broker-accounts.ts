import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderStationCredentials } from '@camwatch/config';
import { renderAclFile, renderPasswordFile, mosquittoHash } from '@camwatch/hub/testing';

export interface BrokerAccounts {
  hub: { username: string; password: string };
  /** Per station: username = station id, a random secret. */
  stations: Map<string, string>;
  /** The Mosquitto listener lines that enforce them. */
  mosquittoConfig: string[];
  /** `{ stationId: { username, password } }` for the simulator (mode 0600). */
  credentialsFile: string;
  /** Every secret issued, for the secrets check. */
  secrets(): string[];
}

const secret = () => randomBytes(24).toString('base64url');

/**
 * Per-station broker accounts as production has them: Mosquitto's password file ($7$ hashes)
 * and ACL written by the hub's own renderers, so a station can publish only under its own id.
 */
export async function writeBrokerAccounts(dir: string, stationIds: readonly string[]): Promise<BrokerAccounts> {
  const hub = { username: 'camwatch-hub-chaos', password: secret() };
  const stations = new Map(stationIds.map((id) => [id, secret()]));
  // One PBKDF2 iteration count for all: 101 is Mosquitto's default and cheap for 40,000 accounts.
  const accounts = [
    { username: hub.username, passwordHash: mosquittoHash(hub.password) },
    ...[...stations].map(([username, pw]) => ({ username, passwordHash: mosquittoHash(pw) })),
  ];
  const passwd = join(dir, 'passwd');
  const acl = join(dir, 'acl');
  await writeFile(passwd, renderPasswordFile(accounts), { mode: 0o600 });
  await writeFile(acl, renderAclFile([...stations.keys()], [hub.username]), { mode: 0o600 });
  const credentialsFile = join(dir, 'station-credentials.json');
  await writeFile(
    credentialsFile,
    renderStationCredentials(Object.fromEntries([...stations].map(([id, password]) => [id, { username: id, password }]))),
    { mode: 0o600 },
  );
  return {
    hub,
    stations,
    mosquittoConfig: ['allow_anonymous false', `password_file ${passwd}`, `acl_file ${acl}`],
    credentialsFile,
    secrets: () => [hub.password, ...stations.values()],
  };
}
