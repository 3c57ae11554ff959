import type { HubOptions } from './hub.ts';
import { apiOptionsFromEnv } from './http/api-env.ts';
import { readTlsFiles, TlsFilesError, type TlsFiles } from './http/tls-files.ts';
import { parseTrustProxy } from './http/trust-proxy.ts';

export class HubEnvError extends Error {
  override readonly name = 'HubEnvError';
}

const port = (name: string, v: string | undefined, problems: string[]): number | undefined => {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) problems.push(`${name}: expected a port number 0–65535, got ${JSON.stringify(v)}`);
  return n;
};

const url = (name: string, v: string | undefined, schemes: readonly string[], problems: string[]): string | null => {
  if (!v) return null;
  try {
    const u = new URL(v);
    if (!schemes.includes(u.protocol)) problems.push(`${name}: scheme must be one of ${schemes.join(', ')}, got ${u.protocol}`);
  } catch {
    problems.push(`${name}: not a URL`);
  }
  return v;
};

/** TLS_CERT_FILE and TLS_KEY_FILE: both or neither, and a readable matching pair (checked here so it is listed with the rest). */
function tlsFiles(env: NodeJS.ProcessEnv, problems: string[]): TlsFiles | undefined {
  const certFile = env.TLS_CERT_FILE || undefined;
  const keyFile = env.TLS_KEY_FILE || undefined;
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) {
    problems.push(
      `${certFile ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE'}: required with ${certFile ? 'TLS_CERT_FILE' : 'TLS_KEY_FILE'} (HTTPS needs both)`,
    );
    return undefined;
  }
  try {
    readTlsFiles({ certFile, keyFile });
  } catch (err) {
    if (!(err instanceof TlsFilesError)) throw err;
    problems.push(...err.problems);
  }
  return { certFile, keyFile };
}

/**
 * Hub options from the environment (fails fast, listing every problem at once; secrets are never echoed):
 * DATABASE_URL, MQTT_URL, MQTT_USERNAME, MQTT_PASSWORD, MQTT_PORT, MQTT_PROTOCOL, MQTT_SHARE_GROUP,
 * DATA_DIR, SNAPSHOT_DIR, DASHBOARD_DIR, PORT, HTTP_HOST, TLS_CERT_FILE, TLS_KEY_FILE, TRUST_PROXY, HUB_ID; the API's variables are in api/api-env.ts.
 */
/** A positive number up to `max`, or undefined when unset (the default applies). */
function positive(name: string, value: string | undefined, max: number, problems: string[]): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > max) {
    problems.push(`${name}: a number above 0 and at most ${max}, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return n;
}

export function hubOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): HubOptions {
  const problems: string[] = [];
  const protocol = env.MQTT_PROTOCOL ? Number(env.MQTT_PROTOCOL) : undefined;
  if (protocol !== undefined && protocol !== 4 && protocol !== 5)
    problems.push(`MQTT_PROTOCOL: 4 or 5, got ${JSON.stringify(env.MQTT_PROTOCOL)}`);
  const mqttUrl = url('MQTT_URL', env.MQTT_URL, ['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'ws:', 'wss:'], problems);
  if (mqttUrl && (!env.MQTT_USERNAME || !env.MQTT_PASSWORD))
    problems.push('MQTT_USERNAME and MQTT_PASSWORD: required with MQTT_URL (the hub account on the broker)');
  if (env.HUB_ID !== undefined && !/^[A-Za-z0-9_-]{1,48}$/.test(env.HUB_ID)) problems.push('HUB_ID: letters, digits, _ and -, at most 48');
  const opts: HubOptions = {
    databaseUrl: url('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:'], problems),
    mqttUrl,
    mqttUsername: env.MQTT_USERNAME,
    mqttPassword: env.MQTT_PASSWORD,
    mqttPort: port('MQTT_PORT', env.MQTT_PORT, problems),
    mqttProtocol: protocol as 4 | 5 | undefined,
    shareGroup: env.MQTT_SHARE_GROUP,
    dataDir: env.DATA_DIR || undefined,
    snapshotDir: env.SNAPSHOT_DIR || undefined,
    dashboardDir: env.DASHBOARD_DIR || undefined,
    httpPort: port('PORT', env.PORT, problems),
    httpHost: env.HTTP_HOST || undefined,
    https: tlsFiles(env, problems),
    trustProxy: parseTrustProxy(env.TRUST_PROXY, problems),
    hubId: env.HUB_ID,
    api: apiOptionsFromEnv(env, problems),
    workOrders: {
      verifyAfterHours: positive('WORK_ORDER_VERIFY_HOURS', env.WORK_ORDER_VERIFY_HOURS, 24 * 30, problems),
      reopenWithinDays: positive('WORK_ORDER_REOPEN_DAYS', env.WORK_ORDER_REOPEN_DAYS, 365, problems),
    },
  };
  if (problems.length) throw new HubEnvError(`invalid hub configuration:\n  ${problems.join('\n  ')}`);
  return opts;
}
