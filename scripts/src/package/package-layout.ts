import { chmodSync, copyFileSync, cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { betterSqlite3Source } from './native-module-build.ts';
import { NODE_VERSION, REPO_ROOT } from './package-targets.ts';

/** Where the package puts the agent on the box; the unit, the wrapper and the tests use the same paths. */
export const APP_DIR = 'opt/camwatch-agent';

const DEPLOY = join(REPO_ROOT, 'edge-agent/deploy');

export interface AppParts {
  bundle: string;
  nativeModule: string;
  nodeDir: string;
}

/**
 * Fills `app` (what becomes /opt/camwatch-agent, or the tarball's camwatch-agent/):
 * bin/camwatch-agent (wrapper), node/ (the runtime, binary only), lib/camwatch-agent.mjs (the
 * bundle) beside lib/node_modules/better-sqlite3 with its two small JS dependencies and the native
 * module for this architecture, share/ (example config, unit, README) for installs without dpkg.
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
  // The bundle leaves better-sqlite3 external (`require` at run time resolves lib/node_modules).
  const sqlite = betterSqlite3Source();
  const sqliteOut = join(lib, 'node_modules/better-sqlite3');
  for (const item of ['package.json', 'lib', 'LICENSE']) cpSync(join(sqlite.dir, item), join(sqliteOut, item), { recursive: true });
  mkdirSync(join(sqliteOut, 'build/Release'), { recursive: true });
  copyFileSync(parts.nativeModule, join(sqliteOut, 'build/Release/better_sqlite3.node'));
  // `bindings` finds the .node file; it needs `file-uri-to-path`. Plain JS, copied as installed.
  const fromSqlite = createRequire(join(sqlite.dir, 'package.json'));
  const bindings = dirname(fromSqlite.resolve('bindings/package.json'));
  const fileUri = dirname(createRequire(join(bindings, 'package.json')).resolve('file-uri-to-path/package.json'));
  cpSync(bindings, join(lib, 'node_modules/bindings'), { recursive: true, dereference: true });
  cpSync(fileUri, join(lib, 'node_modules/file-uri-to-path'), { recursive: true, dereference: true });

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
      // ffmpeg does the stream and picture checks; Node.js and the native module come inside.
      `Depends: ${['ffmpeg', ...meta.libraryDepends, 'passwd'].join(', ')}`,
      `Installed-Size: ${meta.installedKb}`,
      "Description: camwatch edge agent: checks a station's street cameras and reports to the hub",
      ` The agent bundled with its own Node.js ${NODE_VERSION} runtime and its native SQLite module`,
      ' (the durable outbox), so that a station box needs nothing else but ffmpeg and can be',
      ' installed offline. Configure /etc/camwatch/agent.yaml, then run camwatch-agent --check.',
      '',
    ].join('\n'),
  );
}
