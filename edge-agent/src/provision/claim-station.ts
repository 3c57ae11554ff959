import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { compileValidator, ERROR_CODES, IssuedCredential, type Bilingual } from '@camwatch/config';
import { assertWritable, writeCredentials, type StationCredentials } from './credentials-env-file.ts';

export interface ClaimOptions {
  /** As the technician typed it; the hub ignores case, spaces and dashes. */
  code: string;
  /** The hub's base URL, e.g. https://camwatch.example.vn */
  hubUrl: string;
  /** The env file the service reads (systemd `EnvironmentFile`), e.g. /etc/camwatch/agent.env */
  envFile: string;
  /** PEM of a private CA that signed the hub's certificate. */
  caFile?: string;
  timeoutMs?: number;
}

/** A refusal the technician can act on, in both languages; `exitCode` 3 = fix the input, 4 = try again later. */
export class ClaimError extends Error {
  override readonly name = 'ClaimError';
  constructor(
    readonly text: Bilingual,
    readonly exitCode: 3 | 4,
  ) {
    super(text.en);
  }
}

const credentialShape = compileValidator(IssuedCredential);

const TEXT = {
  badHubUrl: (url: string): Bilingual => ({
    vi: `Địa chỉ hub không hợp lệ: ${url} (ví dụ https://camwatch.longan.gov.vn)`,
    en: `Not a valid hub address: ${url} (e.g. https://camwatch.longan.gov.vn)`,
  }),
  needsHttps: (url: string): Bilingual => ({
    vi: `Mã nhận chỉ được gửi qua HTTPS; ${url} không mã hoá. Dùng https://…`,
    en: `A claim code is only sent over HTTPS; ${url} is not encrypted. Use https://…`,
  }),
  unreachable: (url: string, why: string): Bilingual => ({
    vi: `Không kết nối được hub ${url} (${why}). Kiểm tra 4G/mạng và địa chỉ hub rồi thử lại.`,
    en: `Cannot reach the hub at ${url} (${why}). Check the 4G/network link and the hub address, then try again.`,
  }),
  untrusted: (url: string, why: string): Bilingual => ({
    vi: `Chứng chỉ HTTPS của hub ${url} không được tin cậy (${why}). Nếu hub dùng CA riêng, thêm --ca /etc/camwatch/ca.pem.`,
    en: `The HTTPS certificate of the hub at ${url} is not trusted (${why}). If the hub uses a private CA, add --ca /etc/camwatch/ca.pem.`,
  }),
  refused: {
    vi: 'Mã nhận không đúng, đã dùng hoặc đã hết hạn. Xin mã mới trong trang của trạm trên camwatch.',
    en: "The claim code is wrong, already used or expired. Ask for a new code on the station's page in camwatch.",
  },
  cannotWrite: (file: string, why: string): Bilingual => ({
    vi: `Không ghi được ${file} (${why}); mã chưa bị dùng. Chạy lại bằng quyền root: sudo camwatch-agent claim …`,
    en: `Cannot write ${file} (${why}); the code was not used. Run again as root: sudo camwatch-agent claim …`,
  }),
  unexpected: (status: number): Bilingual => ({
    vi: `Hub trả lời bất thường (HTTP ${status}). Thử lại sau hoặc báo quản trị viên.`,
    en: `The hub answered unexpectedly (HTTP ${status}). Try again later or tell the administrator.`,
  }),
};

/**
 * `camwatch-agent claim CODE --hub URL`: exchanges a one-time claim code (issued by the hub on
 * the station's page) for the station's broker credentials, and writes them where the service
 * reads its secrets. Only over HTTPS (plain HTTP only to this machine, for tests and a hub on the
 * box itself), since the answer holds the station's password.
 */
export async function claimStation(opts: ClaimOptions): Promise<StationCredentials> {
  const url = claimUrl(opts.hubUrl);
  await assertWritable(opts.envFile).catch((err: NodeJS.ErrnoException) => {
    throw new ClaimError(TEXT.cannotWrite(opts.envFile, err.code ?? err.message), 3);
  });
  const body = JSON.stringify({ code: opts.code });
  const { status, text } = await postJson(url, body, opts);
  const json = parseJson(text);
  if (status === 200) {
    if (!credentialShape.check(json)) throw new ClaimError(TEXT.unexpected(status), 4);
    const issued = json;
    const creds: StationCredentials = {
      stationId: issued.stationId,
      mqttUrl: issued.mqttUrl,
      username: issued.username,
      password: issued.password,
    };
    await writeCredentials(opts.envFile, creds);
    return creds;
  }
  const code = (json as { code?: unknown } | null)?.code;
  if (code === 'CW_ERR_LINK_EXPIRED' || code === 'CW_ERR_VALIDATION' || code === 'CW_ERR_NOT_FOUND') throw new ClaimError(TEXT.refused, 3);
  if (typeof code === 'string' && code in ERROR_CODES) {
    const spec = ERROR_CODES[code as keyof typeof ERROR_CODES];
    // 429 and 5xx pass with time; anything else is the hub refusing this request.
    throw new ClaimError({ vi: spec.vi, en: spec.en }, status === 429 || status >= 500 ? 4 : 3);
  }
  throw new ClaimError(TEXT.unexpected(status), 4);
}

function claimUrl(hubUrl: string): URL {
  let base: URL;
  try {
    base = new URL(hubUrl);
  } catch {
    throw new ClaimError(TEXT.badHubUrl(hubUrl), 3);
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new ClaimError(TEXT.badHubUrl(hubUrl), 3);
  if (base.protocol === 'http:' && !isLoopback(base.hostname)) throw new ClaimError(TEXT.needsHttps(hubUrl), 3);
  return new URL('api/provision/claim', base.href.endsWith('/') ? base.href : `${base.href}/`);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function postJson(url: URL, body: string, opts: ClaimOptions): Promise<{ status: number; text: string }> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const ca = opts.caFile ? readFileSync(opts.caFile) : undefined;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: opts.timeoutMs ?? 20_000,
        ...(ca ? { ca } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => reject(new ClaimError(TEXT.unreachable(url.origin, err.message), 4)));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err: NodeJS.ErrnoException) => {
      const why = err.code ?? err.message;
      // A certificate problem does not pass with time: it needs the CA (or the right address).
      if (/CERT|SIGNATURE|SELF_SIGNED|ALTNAME/.test(why)) reject(new ClaimError(TEXT.untrusted(url.origin, why), 3));
      else reject(new ClaimError(TEXT.unreachable(url.origin, why), 4));
    });
    req.end(body);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
