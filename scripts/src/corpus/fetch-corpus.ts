import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Git-ignored cache at the repository root; nothing of the corpus is ever committed. */
export const CORPUS_DIR = fileURLToPath(new URL('../../../.cache/corpus/', import.meta.url));
const DATA_IN_DEB = './usr/share/doc/opencv-doc/examples/data';

/**
 * Real material from Debian's `opencv-doc`: `vtest.avi` is 80 s of a fixed outdoor
 * surveillance camera over a street corner (768×576, 10 fps), the kind of scene our cameras
 * watch; `tree.avi` and the photographs are other real scenes (a camera turned away sees one).
 */
export const CORPUS_FILES = ['vtest.avi', 'tree.avi', 'leuvenA.jpg', 'building.jpg', 'aero1.jpg'] as const;
export type CorpusFile = (typeof CORPUS_FILES)[number];

export type CorpusPaths = Record<CorpusFile, string>;

const log = (line: string): void => {
  process.stderr.write(`corpus: ${line}\n`);
};

function dataDir(): string {
  return join(CORPUS_DIR, 'opencv-doc');
}

function present(): CorpusPaths | null {
  const paths = Object.fromEntries(CORPUS_FILES.map((f) => [f, join(dataDir(), f)])) as CorpusPaths;
  return CORPUS_FILES.every((f) => existsSync(paths[f])) ? paths : null;
}

/** The package file: apt's own cache when it holds one, else `apt-get download` (no install, no root needed). */
function debFile(): string {
  const cached = '/var/cache/apt/archives';
  const local = existsSync(cached) ? readdirSync(cached).find((f) => /^opencv-doc_.*_all\.deb$/.test(f)) : undefined;
  if (local) return join(cached, local);
  const debs = join(CORPUS_DIR, 'deb');
  mkdirSync(debs, { recursive: true });
  const download = () => spawnSync('apt-get', ['download', 'opencv-doc'], { cwd: debs, encoding: 'utf8' });
  let r = download();
  if (r.status !== 0 && /Unable to locate|no installation candidate/i.test(r.stderr)) {
    // A fresh machine may not have read the package lists yet.
    log('apt-get update (package lists missing)');
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    r = download();
  }
  const deb = readdirSync(debs).find((f) => f.endsWith('.deb'));
  if (r.status !== 0 || !deb) throw new Error(`apt-get download opencv-doc failed: ${(r.stderr || r.error?.message || '').trim()}`);
  return join(debs, deb);
}

/**
 * Makes sure the corpus is in the cache and returns its paths. Only the files we use are
 * unpacked (`dpkg-deb --fsys-tarfile | tar`): the whole package is 270 MB of HTML.
 */
export function ensureCorpus(): CorpusPaths {
  const ready = present();
  if (ready) return ready;
  const deb = debFile();
  log(`unpacking ${CORPUS_FILES.join(', ')} from ${deb}`);
  const tmp = join(CORPUS_DIR, 'unpack');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const tar = execFileSync('dpkg-deb', ['--fsys-tarfile', deb], { maxBuffer: 512 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', tmp, ...CORPUS_FILES.map((f) => `${DATA_IN_DEB}/${f}`)], { input: tar });
  mkdirSync(dataDir(), { recursive: true });
  for (const f of CORPUS_FILES) renameSync(join(tmp, DATA_IN_DEB, f), join(dataDir(), f));
  rmSync(tmp, { recursive: true, force: true });
  const paths = present();
  if (!paths) throw new Error(`opencv-doc did not contain ${CORPUS_FILES.join(', ')}`);
  return paths;
}
