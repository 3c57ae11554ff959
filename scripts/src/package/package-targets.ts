import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Node.js runtime shipped inside the agent package: the same release `.ci/run` tests on. */
export const NODE_VERSION = '24.22.3';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A Debian architecture we ship, with the name Node's npm packages use. */
export interface PackageTarget {
  deb: 'amd64' | 'arm64';
  /** `node-linux-<node>` on the npm registry. */
  node: 'x64' | 'arm64';
  /** ELF e_machine of binaries for this architecture. */
  elfMachine: number;
}

export const TARGETS: Record<PackageTarget['deb'], PackageTarget> = {
  amd64: { deb: 'amd64', node: 'x64', elfMachine: 0x3e },
  arm64: { deb: 'arm64', node: 'arm64', elfMachine: 0xb7 },
};

/** Downloads (and the legacy native module builds) are kept here across runs (CI caches the same folder). */
export function cacheDir(): string {
  return process.env.CAMWATCH_CACHE_DIR ?? join(homedir(), '.cache', 'camwatch');
}
