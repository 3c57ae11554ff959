import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { agentSource, bundleAgent } from './agent-source.ts';
import { libraryDepends } from './library-requirements.ts';
import { buildLegacySqliteModule, needsLegacySqliteModule } from './legacy-sqlite-module.ts';
import { fetchNodeRuntime } from './node-runtime-fetch.ts';
import { APP_DIR, stageApp, stageDebianRoot } from './package-layout.ts';
import { cacheDir, TARGETS, type PackageTarget } from './package-targets.ts';

const run = promisify(execFile);

export interface PackageOptions {
  arches: PackageTarget['deb'][];
  outDir: string;
  /** Build from this git revision instead of the working tree (e.g. the previous release, for upgrade tests). */
  ref?: string | null;
  /** Both by default; an upgrade test needs only the .deb. */
  formats?: Artefact['kind'][];
  cache?: string;
  log?: (line: string) => void;
}

export interface Artefact {
  arch: PackageTarget['deb'];
  kind: 'deb' | 'tar.gz';
  file: string;
  bytes: number;
}

export interface PackageResult {
  agentVersion: string;
  version: string;
  artefacts: Artefact[];
}

/** Builds the .deb and the .tar.gz of the agent for each architecture into `outDir`. */
export async function packageAgent(opts: PackageOptions): Promise<PackageResult> {
  const log = opts.log ?? (() => {});
  const cache = opts.cache ?? cacheDir();
  const source = await agentSource(opts.ref ?? null);
  const work = mkdtempSync(join(cache, '.package-'));
  try {
    log(`bundling agent ${source.version} (package ${source.debVersion})`);
    const bundle = await bundleAgent(source, join(work, 'camwatch-agent.mjs'));
    mkdirSync(opts.outDir, { recursive: true });
    const artefacts: Artefact[] = [];
    for (const arch of opts.arches) {
      const target = TARGETS[arch];
      log(`${arch}: Node.js runtime`);
      const nodeDir = await fetchNodeRuntime(target, cache);
      let legacySqliteModule: string | null = null;
      if (needsLegacySqliteModule(source.edgeAgentDir)) {
        log(`${arch}: better-sqlite3 native module (an agent from before node:sqlite)`);
        legacySqliteModule = await buildLegacySqliteModule(target, nodeDir, cache);
      }

      const root = join(work, arch);
      stageApp(join(root, APP_DIR), { bundle, legacySqliteModule, nodeDir });
      const name = `camwatch-agent_${source.debVersion}_${arch}`;

      const formats = opts.formats ?? ['deb', 'tar.gz'];
      // The tarball: the same application tree, for boxes without dpkg and for a check from anywhere.
      if (formats.includes('tar.gz')) {
        const tarball = join(opts.outDir, `${name}.tar.gz`);
        const tar = ['--owner=0', '--group=0', '--numeric-owner', '-czf', tarball, '-C', join(root, 'opt'), 'camwatch-agent'];
        await run('nice', ['-n', '10', 'tar', ...tar]);
        artefacts.push({ arch, kind: 'tar.gz', file: tarball, bytes: statSync(tarball).size });
      }
      if (formats.includes('deb')) {
        const { stdout } = await run('du', ['-sk', '--apparent-size', join(root, APP_DIR)]);
        stageDebianRoot(root, {
          version: source.debVersion,
          arch,
          installedKb: Number(stdout.split('\t')[0]),
          libraryDepends: await libraryDepends([join(root, APP_DIR, 'node/bin/node'), ...(legacySqliteModule ? [legacySqliteModule] : [])]),
        });
        const deb = join(opts.outDir, `${name}.deb`);
        log(`${arch}: dpkg-deb --build`);
        // Files owned by root on the box whoever builds. xz, which every dpkg reads (zstd needs dpkg
        // 1.21.18+), at level 1: a third of the CPU time of the default 6 for a download 12 % larger.
        await run('nice', ['-n', '10', 'dpkg-deb', '--root-owner-group', '-Zxz', '-z1', '--build', root, deb]);
        artefacts.push({ arch, kind: 'deb', file: deb, bytes: statSync(deb).size });
      }
    }
    return { agentVersion: source.version, version: source.debVersion, artefacts };
  } finally {
    rmSync(work, { recursive: true, force: true });
    source.cleanup();
  }
}
