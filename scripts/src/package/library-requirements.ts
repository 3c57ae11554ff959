import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** GLIBCXX symbol version → the GCC release whose libstdc++ first has it (Debian's libstdc++6 is versioned by GCC). */
const GLIBCXX_TO_GCC: Record<string, number> = {
  '3.4.21': 5,
  '3.4.22': 6,
  '3.4.23': 7,
  '3.4.24': 7,
  '3.4.25': 8,
  '3.4.26': 9,
  '3.4.27': 10,
  '3.4.28': 10,
  '3.4.29': 11,
  '3.4.30': 12,
  '3.4.31': 13,
  '3.4.32': 14,
  '3.4.33': 14,
};

const newest = (versions: string[]): string | null => versions.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).at(-1) ?? null;

/**
 * The .deb's library dependencies, read from the symbol versions the shipped binaries need (Node's
 * official build; a legacy native module built on this machine needs a newer glibc): dpkg then
 * refuses a box too old for them instead of the agent failing at its first start.
 */
export async function libraryDepends(binaries: string[]): Promise<string[]> {
  const glibc: string[] = [];
  const glibcxx: string[] = [];
  for (const file of binaries) {
    // objdump reads ELF of any architecture; the dynamic symbol table names the versions needed.
    const { stdout } = await run('objdump', ['-T', file], { maxBuffer: 64 << 20 });
    for (const m of stdout.matchAll(/\bGLIBC_(\d+\.\d+(?:\.\d+)?)\b/g)) glibc.push(m[1]!);
    for (const m of stdout.matchAll(/\bGLIBCXX_(\d+\.\d+\.\d+)\b/g)) glibcxx.push(m[1]!);
  }
  const depends: string[] = [];
  const libc = newest(glibc);
  depends.push(libc ? `libc6 (>= ${libc})` : 'libc6');
  const cxx = newest(glibcxx);
  if (cxx) {
    const gcc = GLIBCXX_TO_GCC[cxx];
    if (gcc === undefined) throw new Error(`GLIBCXX_${cxx}: unknown libstdc++ version; add it to GLIBCXX_TO_GCC`);
    depends.push(`libstdc++6 (>= ${gcc})`);
  }
  return depends;
}
