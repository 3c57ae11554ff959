/**
 * Requests that index.html starts before the bundle arrives (/api/me, /api/config, /api/map):
 * on a phone's slow 4G each round trip is over half a second, and waiting for the bundle to be
 * fetched and parsed before asking for data put those round trips in series with it.
 */
declare global {
  interface Window {
    cwEarlyRequests?: Partial<Record<string, Promise<Response>>>;
  }
}

/**
 * The early request for `path`, at most once: later callers (a reload, a re-check after focus)
 * must see fresh data, so the answer is handed out a single time and then forgotten.
 */
export function takeEarlyRequest(path: string): Promise<Response> | undefined {
  const early = window.cwEarlyRequests;
  const pending = early?.[path];
  if (early && pending) delete early[path];
  return pending;
}
