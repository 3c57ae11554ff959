import { execFile } from 'node:child_process';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir, NODE_VERSION, REPO_ROOT, type PackageTarget } from './package-targets.ts';

const run = promisify(execFile);

/**
 * Agents up to the move to node:sqlite loaded better-sqlite3, a native module, beside their bundle.
 * Today's agent needs none; this exists only so that `--ref` can still build such an earlier
 * release for amd64, the previous version the upgrade tests install and roll back to (boxes in
 * the field run it). arm64 builds of those releases needed a cross compiler and are no longer made.
 */
export function needsLegacySqliteModule(edgeAgentDir: string): boolean {
  const pkg = JSON.parse(readFileSync(join(edgeAgentDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return 'better-sqlite3' in (pkg.dependencies ?? {});
}

/** better-sqlite3 as the workspace installs it (a devDependency of scripts: this and the outbox bench's baseline). */
function betterSqlite3Source(): { dir: string; version: string } {
  const pkg = createRequire(join(REPO_ROOT, 'scripts/package.json')).resolve('better-sqlite3/package.json');
  return { dir: dirname(pkg), version: (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version };
}

/**
 * better-sqlite3's `better_sqlite3.node` compiled for amd64 against the headers of the Node.js
 * release we ship (`nodeDir`), cached by module and Node version. Compiling runs under `nice` (the
 * sqlite amalgamation is a minute of CPU on a shared machine).
 */
export async function buildLegacySqliteModule(target: PackageTarget, nodeDir: string, cache = cacheDir()): Promise<string> {
  if (target.deb !== 'amd64')
    throw new Error(`an agent that loads better-sqlite3 (before node:sqlite) is built for amd64 only, not ${target.deb}`);
  const source = betterSqlite3Source();
  const out = join(cache, `better-sqlite3-${source.version}-node-${NODE_VERSION}-linux-${target.deb}`, 'better_sqlite3.node');
  if (existsSync(out)) {
    assertElfMachine(out, target);
    return out;
  }
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(cache, `.build-better-sqlite3-${target.deb}-`));
  try {
    for (const item of ['binding.gyp', 'deps', 'src', 'package.json'])
      cpSync(join(source.dir, item), join(work, item), { recursive: true });
    const env: NodeJS.ProcessEnv = { ...process.env, npm_config_nodedir: nodeDir };
    const args = ['-n', '10', process.execPath, nodeGypScript(), 'rebuild', '--release', `--nodedir=${nodeDir}`, '--jobs=2'];
    await run('nice', args, { cwd: work, env, maxBuffer: 64 << 20 }).catch((err: Error & { stderr?: string }) => {
      throw new Error(`building better-sqlite3 for ${target.deb} failed: ${err.message}\n${(err.stderr ?? '').slice(-3000)}`);
    });
    const built = join(work, 'build/Release/better_sqlite3.node');
    assertElfMachine(built, target);
    mkdirSync(dirname(out), { recursive: true });
    renameSync(built, out);
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** lib/node_modules/better-sqlite3 with the native module, and the two small JS packages that load it. */
export function stageLegacySqliteModule(lib: string, nativeModule: string): void {
  // The legacy bundle leaves better-sqlite3 external (`require` at run time resolves lib/node_modules).
  const sqlite = betterSqlite3Source();
  const sqliteOut = join(lib, 'node_modules/better-sqlite3');
  for (const item of ['package.json', 'lib', 'LICENSE']) cpSync(join(sqlite.dir, item), join(sqliteOut, item), { recursive: true });
  mkdirSync(join(sqliteOut, 'build/Release'), { recursive: true });
  cpSync(nativeModule, join(sqliteOut, 'build/Release/better_sqlite3.node'));
  // `bindings` finds the .node file; it needs `file-uri-to-path`. Plain JS, copied as installed.
  const fromSqlite = createRequire(join(sqlite.dir, 'package.json'));
  const bindings = dirname(fromSqlite.resolve('bindings/package.json'));
  const fileUri = dirname(createRequire(join(bindings, 'package.json')).resolve('file-uri-to-path/package.json'));
  cpSync(bindings, join(lib, 'node_modules/bindings'), { recursive: true, dereference: true });
  cpSync(fileUri, join(lib, 'node_modules/file-uri-to-path'), { recursive: true, dereference: true });
}

/** The node-gyp that npm carries (npm is what CI installs pnpm and Node with, so it is always there). */
function nodeGypScript(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const npm = join(dir, 'npm');
    if (!existsSync(npm)) continue;
    const gyp = join(dirname(realpathSync(npm)), '../node_modules/node-gyp/bin/node-gyp.js');
    if (existsSync(gyp)) return gyp;
  }
  throw new Error('node-gyp not found: npm (which carries it) is not on PATH');
}

/** Refuses a binary for the wrong machine. */
export function assertElfMachine(file: string, target: PackageTarget): void {
  const header = Buffer.alloc(20);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 20, 0);
  } finally {
    closeSync(fd);
  }
  const machine = header.readUInt16LE(18);
  if (header.toString('latin1', 1, 4) !== 'ELF' || machine !== target.elfMachine)
    throw new Error(`${file} is not an ${target.deb} ELF binary (e_machine 0x${machine.toString(16)})`);
}
