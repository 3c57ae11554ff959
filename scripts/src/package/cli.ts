import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { packageAgent, type Artefact } from './package-agent.ts';
import { REPO_ROOT, TARGETS, type PackageTarget } from './package-targets.ts';

const USAGE = `usage: pnpm package agent [--arch amd64|arm64]... [--format deb|tar.gz]... [--out DIR] [--ref GIT-REV]
Builds camwatch-agent_VERSION_ARCH.deb and .tar.gz for amd64 and arm64 (default: both) into
dist/packages/: the bundled agent and the pinned Node.js runtime (whose built-in SQLite keeps the
outbox). --ref builds an earlier revision (its sources as committed; one that still loads
better-sqlite3 for amd64 only).`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      arch: { type: 'string', multiple: true },
      out: { type: 'string' },
      ref: { type: 'string' },
      format: { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
  });
  if (values.help || positionals[0] !== 'agent' || positionals.length !== 1) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const arches = (values.arch ?? ['amd64', 'arm64']) as PackageTarget['deb'][];
  const unknown = arches.filter((a) => !(a in TARGETS));
  if (unknown.length) {
    process.stderr.write(`package: unknown architecture ${unknown.join(', ')} (amd64, arm64)\n`);
    return 2;
  }
  const formats = (values.format ?? ['deb', 'tar.gz']) as Artefact['kind'][];
  if (formats.some((f) => f !== 'deb' && f !== 'tar.gz')) {
    process.stderr.write(`package: --format is deb or tar.gz\n`);
    return 2;
  }
  const started = Date.now();
  const result = await packageAgent({
    arches,
    outDir: values.out ?? join(REPO_ROOT, 'dist/packages'),
    ref: values.ref ?? null,
    formats,
    log: (line) => process.stderr.write(`package: ${line}\n`),
  });
  for (const a of result.artefacts) process.stdout.write(`${a.file}  ${(a.bytes / 1e6).toFixed(1)} MB\n`);
  const sizes = Object.fromEntries(result.artefacts.map((a) => [`${a.arch}.${a.kind}`, a.bytes]));
  process.stdout.write(
    `${JSON.stringify({ version: result.version, bytes: sizes, seconds: Math.round((Date.now() - started) / 1000) })}\n`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`package: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
