import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Every place a secret occurs in `texts`, as `name: secret-index` (never the secret itself). */
export function findSecrets(texts: ReadonlyMap<string, string>, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const [name, text] of texts) {
    secrets.forEach((secret, i) => {
      if (secret.length >= 8 && text.includes(secret)) found.push(`${name}: secret #${i}`);
    });
  }
  return found;
}

/** How many (log file, secret) pairs leak: the run's `*.log` files searched for each secret. */
export async function leakedSecrets(dir: string, secrets: readonly string[]): Promise<number> {
  const logs = new Map<string, string>();
  for (const name of (await readdir(dir)).filter((f) => f.endsWith('.log'))) logs.set(name, await readFile(join(dir, name), 'utf8'));
  return findSecrets(logs, secrets).length;
}
