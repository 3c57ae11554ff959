import { createHash, randomBytes } from 'node:crypto';
import { raceSignal } from '../probe/abort-timeout.ts';
import { RejectedInputError } from '../probe/reject-counter.ts';
import { digestAuthorization, parseChallenge, type AuthChallenge } from '../snapshot/digest-auth.ts';
import { OnvifError } from './onvif-errors.ts';
import { child, children, soapBody, text, type XmlNode } from './soap-xml.ts';

export const ONVIF_NS = {
  device: 'http://www.onvif.org/ver10/device/wsdl',
  media: 'http://www.onvif.org/ver10/media/wsdl',
  schema: 'http://www.onvif.org/ver10/schema',
} as const;

const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const DIGEST_TYPE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest';
/** A SOAP answer larger than this is not an ONVIF answer we use (GetProfiles of a 64-channel NVR is ~300 kB). */
const MAX_ANSWER_BYTES = 2 * 1024 * 1024;

/**
 * One device's SOAP session: credentials, the device clock offset (WS-Security tokens are
 * dated in device time, since cameras hours off refuse tokens outside ±5 s of their own
 * clock), and HTTP Digest state for firmware that guards ONVIF with HTTP authentication
 * instead of (or as well as) WS-Security.
 */
export class SoapSession {
  /** Device clock minus ours, in ms; null until GetSystemDateAndTime answered. */
  clockOffsetMs: number | null = null;
  /** SOAP calls sent (HTTP challenges not counted), so tests and logs can see the cost of a probe. */
  calls = 0;
  private challenge: AuthChallenge | null = null;
  private nonceCount = 0;

  constructor(
    readonly username: string | null,
    readonly password: string | null,
  ) {}

  /**
   * POSTs one ONVIF action and returns the `<Action>Response` element. `body` is the inner XML
   * of the action element; `signed` adds the WS-Security UsernameToken (every action but the
   * pre-authentication ones). Faults become OnvifErrors carrying the device's own reason.
   */
  async call(
    url: string,
    ns: string,
    action: string,
    body: string,
    opts: { signal: AbortSignal; timeoutMs: number; signed?: boolean },
  ): Promise<XmlNode> {
    this.calls += 1;
    const envelope = this.envelope(`<${action} xmlns="${ns}">${body}</${action}>`, opts.signed ?? true);
    let res = await this.post(url, ns, action, envelope, opts);
    if (res.status === 401 && this.username !== null) {
      // Digest-only firmware: answer the HTTP challenge (node-onvif does not), keep it for the next calls.
      const challenge = parseChallenge(res.headers.get('www-authenticate') ?? '');
      await res.body?.cancel();
      if (challenge?.scheme === 'digest') {
        this.challenge = challenge;
        this.nonceCount = 0;
        res = await this.post(url, ns, action, envelope, opts);
      }
    }
    const xml = await readText(res, opts, action);
    if (res.status === 401) throw new OnvifError('auth', `${action}: HTTP 401 (wrong user name or password)`);
    // An error page (HTML 404 of a web server without ONVIF) is judged by its status, a 200 by its content.
    const parsed = xml.trimStart().startsWith('<') ? tryBody(xml, action, res.status) : null;
    if (parsed) {
      const fault = child(parsed, 'Fault');
      if (fault !== undefined) throw faultError(action, fault, res.status);
      const answer = child(parsed, `${action}Response`);
      if (res.status === 200 && typeof answer === 'object' && answer !== null) return answer as XmlNode;
      if (res.status === 200 && answer === '') return {};
    }
    if (res.status === 404 || res.status === 405 || res.status === 501)
      throw new OnvifError('not_supported', `${action}: HTTP ${res.status} (no ONVIF service at this address)`);
    if (res.status !== 200) throw new OnvifError('device_fault', `${action}: HTTP ${res.status}`);
    throw new RejectedInputError('onvif_bad_response', `${action}: answer without ${action}Response`);
  }

  private envelope(body: string, signed: boolean): string {
    const header = signed && this.username !== null ? `<s:Header>${this.usernameToken()}</s:Header>` : '';
    return `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="${SOAP12}">${header}<s:Body>${body}</s:Body></s:Envelope>`;
  }

  /** WS-Security UsernameToken, PasswordDigest = Base64(SHA1(nonce + created + password)), dated in device time. */
  private usernameToken(): string {
    const nonce = randomBytes(16);
    const created = new Date(Date.now() + (this.clockOffsetMs ?? 0)).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const digest = createHash('sha1')
      .update(Buffer.concat([nonce, Buffer.from(created), Buffer.from(this.password ?? '', 'utf8')]))
      .digest('base64');
    return (
      `<wsse:Security s:mustUnderstand="1" xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}"><wsse:UsernameToken>` +
      `<wsse:Username>${escapeXml(this.username ?? '')}</wsse:Username><wsse:Password Type="${DIGEST_TYPE}">${digest}</wsse:Password>` +
      `<wsse:Nonce>${nonce.toString('base64')}</wsse:Nonce><wsu:Created>${created}</wsu:Created></wsse:UsernameToken></wsse:Security>`
    );
  }

  private async post(
    url: string,
    ns: string,
    action: string,
    envelope: string,
    opts: { signal: AbortSignal; timeoutMs: number },
  ): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': `application/soap+xml; charset=utf-8; action="${ns}/${action}"` };
    if (this.challenge && this.username !== null) {
      this.nonceCount += 1;
      const u = new URL(url);
      const authorization = digestAuthorization(this.challenge, {
        method: 'POST',
        uri: u.pathname + u.search,
        username: this.username,
        password: this.password ?? '',
        nonceCount: this.nonceCount,
      });
      if (authorization) headers.authorization = authorization;
    }
    const once = () =>
      raceSignal(
        fetch(url, { method: 'POST', body: envelope, headers, signal: opts.signal, redirect: 'error' }),
        opts.signal,
        `ONVIF ${action}`,
        opts.timeoutMs,
      );
    try {
      try {
        return await once();
      } catch (error) {
        // A camera's web server may close a kept-alive connection just as the next request goes out on it
        // (undici: UND_ERR_SOCKET "other side closed"; seen on slow links and slow boxes). A read is asked
        // again once, on a fresh connection; a command (reboot, set…) is not, as it may have been done.
        if (opts.signal.aborted || !action.startsWith('Get') || !STALE_CONNECTION.has(networkReason(error))) throw error;
        return await once();
      }
    } catch (error) {
      if (opts.signal.aborted) throw error;
      throw new OnvifError('unreachable', `${action}: ${networkReason(error)} (${new URL(url).host})`);
    }
  }
}

function tryBody(xml: string, action: string, status: number): XmlNode | null {
  try {
    return soapBody(xml, action);
  } catch (error) {
    if (status === 200) throw error;
    return null;
  }
}

/** What a reused connection that the other side closed looks like to fetch. */
const STALE_CONNECTION = new Set(['UND_ERR_SOCKET', 'ECONNRESET']);

/** `ECONNREFUSED`, `EHOSTUNREACH`… from undici's "fetch failed" wrapper. */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

async function readText(res: Response, opts: { signal: AbortSignal; timeoutMs: number }, action: string): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_ANSWER_BYTES) {
    await res.body?.cancel();
    throw new RejectedInputError('onvif_bad_response', `${action}: ${declared} bytes announced`);
  }
  const bytes = await raceSignal(res.arrayBuffer(), opts.signal, `ONVIF ${action} answer`, opts.timeoutMs);
  if (bytes.byteLength > MAX_ANSWER_BYTES)
    throw new RejectedInputError('onvif_bad_response', `${action}: answer of ${bytes.byteLength} bytes`);
  return Buffer.from(bytes).toString('utf8');
}

const AUTH_CODES = /(NotAuthorized|FailedAuthentication|InvalidSecurity|FailedCheck|SecurityTokenUnavailable|MessageExpired)$/i;
const UNSUPPORTED_CODES = /(ActionNotSupported|NoSuchService|NotSupported|OptionalActionNotImplemented|InvalidOperation)$/i;

/**
 * SOAP 1.2 (`Code/Value`, nested `Subcode/Value`, `Reason/Text`) and SOAP 1.1 (`faultcode`,
 * `faultstring`) faults, as firmware writes them; the most specific code and the device's
 * own reason go into the message so they reach the technician.
 */
export function faultError(action: string, fault: unknown, httpStatus: number): OnvifError {
  const codes: string[] = [];
  let code = child(fault, 'Code');
  while (code !== undefined) {
    const v = text(child(code, 'Value'));
    if (v) codes.push(v);
    code = child(code, 'Subcode');
  }
  const v11 = text(child(fault, 'faultcode'));
  if (v11) codes.push(v11);
  const reasons = children(child(fault, 'Reason'), 'Text')
    .map(text)
    .filter((r): r is string => r !== null);
  const reason = reasons[0] ?? text(child(fault, 'faultstring')) ?? text(child(child(fault, 'Detail'), 'Text')) ?? 'no reason given';
  const specific = codes[codes.length - 1] ?? `HTTP ${httpStatus}`;
  const all = codes.join(' / ');
  const kind =
    codes.some((c) => AUTH_CODES.test(c)) || /not authori[sz]ed|authentication/i.test(reason)
      ? 'auth'
      : codes.some((c) => UNSUPPORTED_CODES.test(c))
        ? 'not_supported'
        : 'device_fault';
  return new OnvifError(kind, `${action}: ${reason.slice(0, 120)} (${all || specific})`, specific);
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
