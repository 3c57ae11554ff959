import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * `pnpm bench NAME [args…]`: runs the default export of `NAME-bench.ts` in this folder with the
 * remaining arguments. Each bench prints its own report and ends with one JSON line; one that
 * returns false (a goal missed) exits with code 1.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const available = () =>
  readdirSync(here)
    .filter((f) => f.endsWith('-bench.ts'))
    .map((f) => f.slice(0, -'-bench.ts'.length))
    .sort();

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(`usage: pnpm bench NAME [args…]\nbenchmarks: ${available().join(', ')}\n`);
    return name ? 0 : 2;
  }
  if (!/^[a-z0-9-]+$/.test(name) || !existsSync(`${here}${name}-bench.ts`)) {
    process.stderr.write(`bench: no benchmark "${name}"; available: ${available().join(', ')}\n`);
    return 2;
  }
  const mod = (await import(pathToFileURL(`${here}${name}-bench.ts`).href)) as { default?: (argv: string[]) => Promise<unknown> };
  // A bench that judges against a goal returns false when the goal is missed: exit code 1.
  if (typeof mod.default !== 'function') {
    process.stderr.write(`bench: ${name}-bench.ts has no default export to run\n`);
    return 2;
  }
  const verdict = await mod.default(args);
  return verdict === false ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
