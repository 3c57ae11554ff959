import type { HubApiOptions } from '../hub-api.ts';

const bool = (v: string | undefined) => v === '1' || v === 'true';

/**
 * API options from the environment (problems are appended to `problems`; secrets never echoed):
 * PROVINCE_NAME, TILE_URL, TILE_ATTRIBUTION, GEO_DIR, SECURE_COOKIES, STATION_MQTT_URL,
 * SMTP_URL, SMTP_FROM, ALERTS (0 = this hub does not evaluate alerts), ALERT_DIGEST_HOUR,
 * MOSQUITTO_AUTH_DIR, MOSQUITTO_PID_FILE.
 */
export function apiOptionsFromEnv(env: NodeJS.ProcessEnv, problems: string[]): HubApiOptions {
  const digestHour = env.ALERT_DIGEST_HOUR === undefined ? undefined : Number(env.ALERT_DIGEST_HOUR);
  if (digestHour !== undefined && !(Number.isInteger(digestHour) && digestHour >= 0 && digestHour <= 23))
    problems.push('ALERT_DIGEST_HOUR: an hour 0–23');
  if (env.SMTP_URL && !/^smtps?:\/\//.test(env.SMTP_URL)) problems.push('SMTP_URL: must start with smtp:// or smtps://');
  if (env.SMTP_URL && !env.SMTP_FROM) problems.push('SMTP_FROM: required with SMTP_URL (the sender address)');
  if (env.MOSQUITTO_PID_FILE && !env.MOSQUITTO_AUTH_DIR) problems.push('MOSQUITTO_PID_FILE: needs MOSQUITTO_AUTH_DIR');
  return {
    config: {
      ...(env.PROVINCE_NAME ? { provinceName: env.PROVINCE_NAME } : {}),
      ...(env.TILE_URL ? { tileUrl: env.TILE_URL } : {}),
      ...(env.TILE_ATTRIBUTION ? { tileAttribution: env.TILE_ATTRIBUTION } : {}),
      ...(env.GEO_DIR ? { geoDir: env.GEO_DIR } : {}),
      ...(env.STATION_MQTT_URL ? { stationMqttUrl: env.STATION_MQTT_URL } : {}),
      secureCookies: bool(env.SECURE_COOKIES),
    },
    smtp: env.SMTP_URL && env.SMTP_FROM ? { url: env.SMTP_URL, from: env.SMTP_FROM } : null,
    alerts: env.ALERTS === '0' ? false : { ...(digestHour === undefined ? {} : { digestHour }) },
    mosquitto: env.MOSQUITTO_AUTH_DIR
      ? { dir: env.MOSQUITTO_AUTH_DIR, ...(env.MOSQUITTO_PID_FILE ? { pidFile: env.MOSQUITTO_PID_FILE } : {}) }
      : null,
  };
}
