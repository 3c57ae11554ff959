import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Node.js runtime shipped inside the agent package: the same release `.ci/run` tests on. */
export const NODE_VERSION = '24.22.3';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A Debian architecture we ship, with the names Node's npm packages and the cross toolchain use. */
export interface PackageTarget {
  deb: 'amd64' | 'arm64';
  /** `node-linux-<node>` on the npm registry; node-gyp's `--arch`. */
  node: 'x64' | 'arm64';
  /** ELF e_machine of binaries for this architecture (checked on the native module we build). */
  elfMachine: number;
  /** Cross compilers (null: the host's own). */
  cross: { cc: string; cxx: string; ar: string } | null;
}

export const TARGETS: Record<PackageTarget['deb'], PackageTarget> = {
  amd64: { deb: 'amd64', node: 'x64', elfMachine: 0x3e, cross: null },
  arm64: {
    deb: 'arm64',
    node: 'arm64',
    elfMachine: 0xb7,
    cross: { cc: 'aarch64-linux-gnu-gcc', cxx: 'aarch64-linux-gnu-g++', ar: 'aarch64-linux-gnu-ar' },
  },
};

/** Downloads and native builds are kept here across runs (CI caches the same folder). */
export function cacheDir(): string {
  return process.env.CAMWATCH_CACHE_DIR ?? join(homedir(), '.cache', 'camwatch');
}
