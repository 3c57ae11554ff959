import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** HTTPS for the hub's HTTP server: PEM files, read at start and again on SIGHUP (renewed certificate). */
export interface TlsFiles {
  /** TLS_CERT_FILE: the server certificate, followed by its intermediates (full chain). */
  certFile: string;
  /** TLS_KEY_FILE: its private key, unencrypted PEM. */
  keyFile: string;
}

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  /** The leaf certificate's validity, for the start log (an expired certificate is served, but warned about). */
  validTo: Date;
  subject: string;
}

export class TlsFilesError extends Error {
  override readonly name = 'TlsFilesError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid TLS configuration:\n  ${problems.join('\n  ')}`);
  }
}

function readPem(name: string, path: string, problems: string[]): Buffer | null {
  try {
    return readFileSync(path);
  } catch (err) {
    problems.push(`${name}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    return null;
  }
}

/**
 * Reads and checks the pair so that a wrong file is refused at start with the variable's name,
 * not at the first handshake: the certificate parses, the key parses, and the key is the
 * certificate's. Contents are never echoed (the key is a secret).
 */
export function readTlsFiles(files: TlsFiles): TlsMaterial {
  const problems: string[] = [];
  const cert = readPem('TLS_CERT_FILE', files.certFile, problems);
  const key = readPem('TLS_KEY_FILE', files.keyFile, problems);
  let leaf: X509Certificate | null = null;
  let keyObject: KeyObject | null = null;
  if (cert) {
    try {
      leaf = new X509Certificate(cert);
    } catch {
      problems.push(`TLS_CERT_FILE: ${files.certFile} is not a PEM certificate`);
    }
  }
  if (key) {
    try {
      keyObject = createPrivateKey(key);
    } catch {
      problems.push(`TLS_KEY_FILE: ${files.keyFile} is not an unencrypted PEM private key`);
    }
  }
  if (leaf && keyObject && !leaf.checkPrivateKey(keyObject)) {
    problems.push(`TLS_KEY_FILE: ${files.keyFile} is not the private key of the certificate in ${files.certFile}`);
  }
  if (problems.length || !cert || !key || !leaf) throw new TlsFilesError(problems);
  return { cert, key, validTo: new Date(leaf.validTo), subject: leaf.subject.replace(/\n/g, ', ') };
}
