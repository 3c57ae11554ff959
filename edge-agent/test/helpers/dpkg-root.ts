import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Packages the .deb depends on, registered in the staged root as the host has them installed. */
const HOST_PACKAGES = ['ffmpeg', 'libc6', 'libstdc++6', 'passwd'];

/**
 * A throwaway root that real `dpkg` installs into: `dpkg --root DIR --force-script-chrootless`
 * unpacks there, keeps its own package database there, and runs the maintainer scripts on the
 * host with DPKG_ROOT=DIR (the scripts honour it). The root gets the host's user database (the
 * postinst adds the service user to it) and the host's entries for the packages the .deb depends
 * on, so dpkg checks dependencies for real. Nothing outside DIR changes.
 */
export class DpkgRoot {
  private constructor(readonly dir: string) {}

  static async create(): Promise<DpkgRoot> {
    const dir = mkdtempSync(join(tmpdir(), 'camwatch-dpkg-root-'));
    const admin = join(dir, 'var/lib/dpkg');
    for (const sub of ['info', 'updates', 'triggers', 'alternatives']) mkdirSync(join(admin, sub), { recursive: true });
    writeFileSync(join(admin, 'available'), '');
    const { stdout } = await run('dpkg-query', ['-s', ...HOST_PACKAGES]);
    writeFileSync(join(admin, 'status'), `${stdout.trim()}\n`);
    // Their file lists stay empty: dpkg only needs to know they are installed.
    const { stdout: names } = await run('dpkg-query', ['-W', '-f', '${binary:Package}\n', ...HOST_PACKAGES]);
    for (const name of names.trim().split('\n')) writeFileSync(join(admin, 'info', `${name}.list`), '');
    // A box with systemd: its units (systemd-analyze verify resolves the unit's dependencies in the root) and /bin/kill (ExecReload).
    mkdirSync(join(dir, 'lib/systemd'), { recursive: true });
    cpSync('/usr/lib/systemd/system', join(dir, 'lib/systemd/system'), { recursive: true });
    mkdirSync(join(dir, 'bin'), { recursive: true });
    copyFileSync('/bin/kill', join(dir, 'bin/kill'));
    mkdirSync(join(dir, 'etc'), { recursive: true });
    for (const file of ['passwd', 'group', 'shadow', 'gshadow', 'login.defs']) copyFileSync(join('/etc', file), join(dir, 'etc', file));
    mkdirSync(join(dir, 'var/log'), { recursive: true });
    return new DpkgRoot(dir);
  }

  /** `dpkg -i` into the root; resolves with dpkg's output (the maintainer scripts' messages included). */
  async install(deb: string): Promise<string> {
    return this.dpkg(['-i', deb]);
  }

  async remove(purge = false): Promise<string> {
    return this.dpkg([purge ? '--purge' : '--remove', 'camwatch-agent']);
  }

  async dpkg(args: string[]): Promise<string> {
    const { stdout, stderr } = await run(
      'dpkg',
      [`--root=${this.dir}`, `--log=${join(this.dir, 'var/log/dpkg.log')}`, '--force-script-chrootless', '--force-confold', ...args],
      { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 16 << 20 },
    ).catch((err: Error & { stdout?: string; stderr?: string }) => {
      throw new Error(`dpkg ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    });
    return stdout + stderr;
  }

  /** A field of the installed package, as dpkg-query reads the root's database. */
  async query(format: string): Promise<string> {
    const { stdout } = await run('dpkg-query', [`--admindir=${join(this.dir, 'var/lib/dpkg')}`, '-W', '-f', format, 'camwatch-agent']);
    return stdout;
  }

  /** uid and gid of a user in the root's own user database. */
  idsOf(name: string): { uid: number; gid: number } {
    const line = readFileSync(join(this.dir, 'etc/passwd'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${name}:`));
    if (!line) throw new Error(`no user ${name} in ${this.dir}/etc/passwd`);
    const [, , uid, gid] = line.split(':');
    return { uid: Number(uid), gid: Number(gid) };
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
