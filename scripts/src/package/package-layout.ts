import { chmodSync, copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stageLegacySqliteModule } from './legacy-sqlite-module.ts';
import { NODE_VERSION, REPO_ROOT } from './package-targets.ts';

/** Where the package puts the agent on the box; the unit, the wrapper and the tests use the same paths. */
export const APP_DIR = 'opt/camwatch-agent';

const DEPLOY = join(REPO_ROOT, 'edge-agent/deploy');

export interface AppParts {
  bundle: string;
  /** better-sqlite3 built for this architecture, for an earlier agent that loads it (see legacy-sqlite-module.ts); null today. */
  legacySqliteModule: string | null;
  nodeDir: string;
}

/**
 * Fills `app` (what becomes /opt/camwatch-agent, or the tarball's camwatch-agent/):
 * bin/camwatch-agent (wrapper), node/ (the runtime, binary only), lib/camwatch-agent.mjs (the
 * bundle: the whole agent, its outbox on the runtime's built-in node:sqlite, so no native module),
 * share/ (example config, unit, README) for installs without dpkg.
 */
export function stageApp(app: string, parts: AppParts): void {
  mkdirSync(join(app, 'bin'), { recursive: true });
  copyFileSync(join(DEPLOY, 'camwatch-agent.sh'), join(app, 'bin/camwatch-agent'));
  chmodSync(join(app, 'bin/camwatch-agent'), 0o755);

  mkdirSync(join(app, 'node/bin'), { recursive: true });
  copyFileSync(join(parts.nodeDir, 'bin/node'), join(app, 'node/bin/node'));
  chmodSync(join(app, 'node/bin/node'), 0o755);
  copyFileSync(join(parts.nodeDir, 'LICENSE'), join(app, 'node/LICENSE'));
  writeFileSync(join(app, 'node/VERSION'), `${NODE_VERSION}\n`);

  const lib = join(app, 'lib');
  mkdirSync(lib, { recursive: true });
  copyFileSync(parts.bundle, join(lib, 'camwatch-agent.mjs'));
  if (parts.legacySqliteModule) stageLegacySqliteModule(lib, parts.legacySqliteModule);

  mkdirSync(join(app, 'share'), { recursive: true });
  copyFileSync(join(DEPLOY, 'agent.example.yaml'), join(app, 'share/agent.example.yaml'));
  copyFileSync(join(DEPLOY, 'camwatch-agent.service'), join(app, 'share/camwatch-agent.service'));
  copyFileSync(join(REPO_ROOT, 'edge-agent/README.md'), join(app, 'share/README.md'));
}

export interface DebianMeta {
  version: string;
  arch: string;
  installedKb: number;
  /** Shared libraries of the box the binaries need, as dpkg dependencies (see library-requirements.ts). */
  libraryDepends: string[];
}

/** The .deb's tree around the app: the command on PATH, the config (a conffile), the unit, the maintainer scripts. */
export function stageDebianRoot(root: string, meta: DebianMeta): void {
  mkdirSync(join(root, 'usr/bin'), { recursive: true });
  // Relative, so the same link works in a staged root (the tests) as on the box.
  symlinkSync(`../../${APP_DIR}/bin/camwatch-agent`, join(root, 'usr/bin/camwatch-agent'));
  mkdirSync(join(root, 'etc/camwatch'), { recursive: true });
  copyFileSync(join(DEPLOY, 'agent.example.yaml'), join(root, 'etc/camwatch/agent.yaml'));
  mkdirSync(join(root, 'lib/systemd/system'), { recursive: true });
  copyFileSync(join(DEPLOY, 'camwatch-agent.service'), join(root, 'lib/systemd/system/camwatch-agent.service'));

  const control = join(root, 'DEBIAN');
  mkdirSync(control, { recursive: true });
  for (const script of ['postinst', 'prerm', 'postrm']) {
    copyFileSync(join(DEPLOY, 'debian', script), join(control, script));
    chmodSync(join(control, script), 0o755);
  }
  writeFileSync(join(control, 'conffiles'), '/etc/camwatch/agent.yaml\n');
  writeFileSync(
    join(control, 'control'),
    [
      'Package: camwatch-agent',
      `Version: ${meta.version}`,
      `Architecture: ${meta.arch}`,
      'Maintainer: camwatch maintainers <camwatch@localhost>',
      'Section: net',
      'Priority: optional',
      // ffmpeg does the stream and picture checks; Node.js (with its built-in SQLite) comes inside.
      `Depends: ${['ffmpeg', ...meta.libraryDepends, 'passwd'].join(', ')}`,
      `Installed-Size: ${meta.installedKb}`,
      "Description: camwatch edge agent: checks a station's street cameras and reports to the hub",
      ` The agent bundled with its own Node.js ${NODE_VERSION} runtime, whose built-in SQLite keeps`,
      ' the durable outbox, so that a station box needs nothing else but ffmpeg and can be',
      ' installed offline. Configure /etc/camwatch/agent.yaml, then run camwatch-agent --check.',
      '',
    ].join('\n'),
  );
}
