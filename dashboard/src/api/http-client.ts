import { takeEarlyRequest } from './early-requests.ts';

/**
 * The one place the dashboard talks HTTP. A 401 from any call (other than the login itself)
 * means the session expired: every listener is told once, and the app shows the login page.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Per-field (or per-row) problems of a 4xx answer, as the error body lists them. */
    readonly issues: readonly HttpIssue[] = [],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** One problem of an error body: an English message, and where the hub gives one, a reason code to word in the user's language. */
export interface HttpIssue {
  path: string;
  message: string;
  reason?: unknown;
  params?: unknown;
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export function notifyUnauthorized(): void {
  for (const listener of unauthorizedListeners) listener();
}

async function errorFrom(response: Response): Promise<HttpError> {
  let code = `HTTP_${response.status}`;
  let message = response.statusText;
  let issues: HttpIssue[] = [];
  try {
    const body = (await response.json()) as { code?: unknown; message?: unknown; issues?: unknown };
    if (typeof body.code === 'string') code = body.code;
    if (typeof body.message === 'string') message = body.message;
    if (Array.isArray(body.issues))
      issues = body.issues.filter(
        (i): i is HttpIssue =>
          typeof (i as { path?: unknown }).path === 'string' && typeof (i as { message?: unknown }).message === 'string',
      );
  } catch (parseError) {
    // Not JSON (a proxy's HTML error page): keep the status line, but say why.
    message = `${message} (${parseError instanceof Error ? parseError.message : 'unreadable body'})`;
  }
  return new HttpError(response.status, code, message, issues);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** The login call handles its own 401 (wrong password), which is not an expired session. */
  expectUnauthorized?: boolean;
}

export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const init: RequestInit = {
    method: options.method ?? 'GET',
    credentials: 'same-origin',
    headers:
      options.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  return checked(await fetch(path, init), options);
}

async function checked(response: Response, options: Pick<RequestOptions, 'expectUnauthorized'>): Promise<Response> {
  if (response.ok) return response;
  if (response.status === 401 && !options.expectUnauthorized) notifyUnauthorized();
  throw await errorFrom(response);
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await request(path, signal ? { signal } : {});
  return (await response.json()) as T;
}

/**
 * GET `path` as JSON, answered by the request index.html started before the bundle loaded when
 * that one is still unclaimed (same URL, credentials and accept header as `request` sends).
 */
export async function getJsonEarly<T>(path: string, options: Pick<RequestOptions, 'expectUnauthorized'> = {}): Promise<T> {
  const early = takeEarlyRequest(path);
  const response = early ? await checked(await early, options) : await request(path, options);
  return (await response.json()) as T;
}

export async function sendJson<T>(
  path: string,
  method: 'POST' | 'PUT' | 'PATCH',
  body: unknown,
  options: Omit<RequestOptions, 'method' | 'body'> = {},
): Promise<T | null> {
  const response = await request(path, { ...options, method, body });
  if (response.status === 204) return null;
  return (await response.json()) as T;
}
