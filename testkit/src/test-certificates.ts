import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCertificates {
  /** PEM of the private CA: what a client is told to trust. */
  ca: string;
  /** Per name: the certificate and key for 127.0.0.1 signed by the CA. */
  leaf: Record<string, { cert: string; key: string }>;
}

/**
 * A private CA and certificates for 127.0.0.1 signed by it, made by the real openssl in `dir`
 * (valid two days): as a province's own CA signs its hub and broker. `names` gives one
 * certificate each (e.g. a second one to test a renewal).
 */
export function makeTestCertificates(dir: string, names: readonly string[] = ['server']): TestCertificates {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=camwatch test CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
  );
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  const leaf: TestCertificates['leaf'] = {};
  for (const name of names) {
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', `${name}.key`, '-out', `${name}.csr`);
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      'san.ext',
      '-out',
      `${name}.pem`,
    );
    leaf[name] = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
  }
  return { ca: join(dir, 'ca.pem'), leaf };
}
