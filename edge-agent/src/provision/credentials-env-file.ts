import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseEnv } from 'node:util';

export interface StationCredentials {
  stationId: string;
  mqttUrl: string;
  username: string;
  password: string;
}

/** The settings a claim fills, as environment overrides (see config/env-overrides.ts). */
const KEYS = {
  stationId: 'CAMWATCH_STATION_ID',
  mqttUrl: 'CAMWATCH_MQTT__URL',
  username: 'CAMWATCH_MQTT__USERNAME',
  password: 'CAMWATCH_MQTT__PASSWORD',
} as const satisfies Record<keyof StationCredentials, string>;

/** What a value may hold to be written unquoted: read the same by systemd's EnvironmentFile and Node's parseEnv. */
const PLAIN = /^[A-Za-z0-9._~:/@%+=,?&[\]-]+$/;

/**
 * Writes the station's credentials into the env file the service reads (systemd reads it as
 * root before dropping to the service user, so the file stays 0600 root). Other lines of the
 * file are kept; earlier values of these keys are replaced. Written to a temporary file,
 * flushed and renamed, so a power cut leaves the old file or the new one, never half of one.
 */
export async function writeCredentials(file: string, creds: StationCredentials): Promise<void> {
  for (const [k, v] of Object.entries(creds)) if (!PLAIN.test(v)) throw new Error(`refusing to write ${k}: unexpected characters`);
  const ours = new Set<string>(Object.values(KEYS));
  const kept = existsSync(file)
    ? (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== '' && !ours.has(line.split('=')[0]!.trim()))
    : [];
  const lines = [...kept, ...Object.entries(KEYS).map(([k, name]) => `${name}=${creds[k as keyof StationCredentials]}`)];
  await mkdir(dirname(file), { recursive: true, mode: 0o750 });
  const tmp = join(dirname(file), `.agent-env-${randomBytes(4).toString('hex')}`);
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(`${lines.join('\n')}\n`);
    await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  await rename(tmp, file);
}

/** Throws when the env file cannot be written here: checked before a code is spent on credentials we could not keep. */
export async function assertWritable(file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o750 });
  const probe = join(dirname(file), `.agent-env-probe-${randomBytes(4).toString('hex')}`);
  await (await open(probe, 'wx', 0o600)).close();
  await rm(probe, { force: true });
}

/**
 * Fills `env` from the env file for variables not already set: under systemd the file is
 * already in the environment, but a technician running `camwatch-agent --check` by hand gets
 * the claimed credentials the same way. A file we may not read is skipped (the service sees it).
 */
export function loadEnvFileInto(file: string, env: NodeJS.ProcessEnv): boolean {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  for (const [k, v] of Object.entries(parseEnv(text))) if (env[k] === undefined && v !== undefined) env[k] = v;
  return true;
}

/** The env file beside a config file: /etc/camwatch/agent.yaml → /etc/camwatch/agent.env */
export function envFileFor(configFile: string): string {
  return join(dirname(configFile), 'agent.env');
}
