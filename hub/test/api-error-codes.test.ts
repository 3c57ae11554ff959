import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ERROR_CODE_NAMES, ERROR_CODES } from '@camwatch/config';

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(p)));
    else if (p.endsWith('.ts')) out.push(await readFile(p, 'utf8'));
  }
  return out;
}

it('every error code the hub uses is registered (with Vietnamese text), and every registered code is used', async () => {
  const text = (await sources(new URL('../src', import.meta.url).pathname)).join('\n');
  const used = new Set(text.match(/CW_ERR_[A-Z_]+/g));
  for (const code of used) expect(ERROR_CODE_NAMES, `${code} used in hub/src`).toContain(code);
  for (const code of ERROR_CODE_NAMES) {
    expect(used, `${code} registered but never used`).toContain(code);
    expect(ERROR_CODES[code].vi.length).toBeGreaterThan(0);
  }
});
