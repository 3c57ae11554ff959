import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  closeSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir, NODE_VERSION, REPO_ROOT, type PackageTarget } from './package-targets.ts';

const run = promisify(execFile);

/** The agent's one native module, as the workspace resolves it (its sources ship in the npm tarball). */
export function betterSqlite3Source(): { dir: string; version: string } {
  const pkg = createRequire(join(REPO_ROOT, 'edge-agent/package.json')).resolve('better-sqlite3/package.json');
  return { dir: dirname(pkg), version: (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version };
}

/**
 * better-sqlite3's `better_sqlite3.node` compiled for `target` against the headers of the Node.js
 * release we ship (`nodeDir`), cached by module version, Node version and architecture. arm64 is
 * cross-compiled with Debian's aarch64-linux-gnu toolchain: a prebuilt binary from the internet is
 * neither reachable from CI nor checkable. Compiling runs under `nice` (the sqlite amalgamation is
 * a minute of CPU on a shared machine).
 */
export async function buildBetterSqlite3(target: PackageTarget, nodeDir: string, cache = cacheDir()): Promise<string> {
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
    if (target.cross) {
      Object.assign(env, {
        CC: target.cross.cc,
        CXX: target.cross.cxx,
        LINK: target.cross.cxx,
        AR: target.cross.ar,
        // Tools gyp might build to run during the build itself stay host binaries.
        CC_host: 'gcc',
        CXX_host: 'g++',
      });
    }
    const gyp = nodeGypScript();
    const args = ['-n', '10', process.execPath, gyp, 'rebuild', '--release', `--arch=${target.node}`, `--nodedir=${nodeDir}`, '--jobs=2'];
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

/** Refuses a binary for the wrong machine: a cross build that silently used the host compiler would pass every amd64 test. */
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
