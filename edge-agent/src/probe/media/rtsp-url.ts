/** host and port of a camera endpoint, for the TCP reachability check and for logs. */
export interface Endpoint {
  host: string;
  port: number;
}

const DEFAULT_PORTS: Record<string, number> = { 'rtsp:': 554, 'rtsps:': 322, 'http:': 80, 'https:': 443 };

/** The parsed URL, or null when `value` is not one (callers report that as a missing URL). */
export function tryParseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch (error) {
    if (error instanceof TypeError) return null;
    throw error;
  }
}

export function endpointOf(url: string): Endpoint | null {
  const parsed = tryParseUrl(url);
  if (!parsed) return null;
  const port = parsed.port ? Number(parsed.port) : DEFAULT_PORTS[parsed.protocol];
  if (!port || !parsed.hostname) return null;
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port };
}

/**
 * The URL ffmpeg gets: credentials from the camera record unless the URL carries its own.
 * (URLs from ONVIF GetStreamUri never do; URLs typed by a technician often do.)
 */
export function withCredentials(url: string, username: string | null, password: string | null): string {
  if (!username) return url;
  const parsed = new URL(url);
  if (parsed.username) return url;
  parsed.username = encodeURIComponent(username);
  parsed.password = encodeURIComponent(password ?? '');
  return parsed.toString();
}

/** The URL without credentials, safe for logs and details. */
export function redactUrl(url: string): string {
  return url.replace(/(\w+:\/\/)[^/@\s]*@/g, '$1***@');
}

/** Removes credentials from free text (ffmpeg repeats the input URL in its errors). */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | null>): string {
  let out = redactUrl(text);
  for (const secret of secrets) {
    // URL-embedded credentials are already gone; a 1–2 character password would blank out ordinary letters of the text.
    if (secret && secret.length >= 3) out = out.split(secret).join('***');
  }
  return out;
}
