import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openReadOnly, userVersion } from './sqlite-file.ts';

const run = promisify(execFile);

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface BuiltPackages {
  deb: { amd64: string; arm64: string };
  tar: { amd64: string; arm64: string };
}

/** Runs the release command itself, `pnpm package agent`, and finds what it wrote. */
export async function buildPackages(out: string, extra: string[] = []): Promise<BuiltPackages> {
  await run('pnpm', ['--silent', 'package', 'agent', '--out', out, ...extra], { cwd: REPO, maxBuffer: 16 << 20 }).catch(
    (err: Error & { stderr?: string }) => {
      throw new Error(`pnpm package agent failed: ${err.message}\n${err.stderr ?? ''}`);
    },
  );
  const files = readdirSync(out);
  const find = (suffix: string) => {
    const file = files.find((f) => f.endsWith(suffix));
    return file ? join(out, file) : '';
  };
  return {
    deb: { amd64: find('_amd64.deb'), arm64: find('_arm64.deb') },
    tar: { amd64: find('_amd64.tar.gz'), arm64: find('_arm64.tar.gz') },
  };
}

/** The environment a packaged agent runs with: this process's, minus anything the agent would read as a setting. */
export function agentEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CAMWATCH_')));
  return { ...env, ...extra };
}

/** Runs a command to its end; resolves with its exit code and output whatever the code. */
export function runToEnd(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 120_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A packaged agent running as the service runs it, stopped with SIGTERM as systemd stops it. */
export class RunningPackagedAgent {
  private stderr = '';
  private constructor(private readonly child: ChildProcess) {
    child.stderr?.setEncoding('utf8').on('data', (t: string) => (this.stderr = (this.stderr + t).slice(-8000)));
    child.stdout?.resume();
  }

  static start(command: string, args: string[], env: NodeJS.ProcessEnv): RunningPackagedAgent {
    return new RunningPackagedAgent(spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  get exitCode(): number | null {
    return this.child.exitCode;
  }

  get log(): string {
    return this.stderr;
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.child.kill('SIGTERM');
    return exited;
  }
}

/**
 * The records waiting in an outbox file, as `bootId:seq` keys (read-only: the agent may hold it).
 * None while the agent that just created the file has not committed its schema yet.
 */
export function pendingKeys(dbFile: string): string[] {
  const db = openReadOnly(dbFile);
  try {
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'outbox'").get()) return [];
    return (db.prepare('SELECT boot_id, seq FROM outbox ORDER BY id').all() as { boot_id: string; seq: number }[]).map(
      (r) => `${r.boot_id}:${r.seq}`,
    );
  } finally {
    db.close();
  }
}

export function schemaVersion(dbFile: string): number {
  const db = openReadOnly(dbFile);
  try {
    return userVersion(db);
  } finally {
    db.close();
  }
}

/** ELF e_machine of a binary (0x3e x86-64, 0xb7 aarch64). */
export function elfMachine(file: string): number {
  const header = Buffer.alloc(20);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 20, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1', 1, 4) !== 'ELF') throw new Error(`${file} is not an ELF file`);
  return header.readUInt16LE(18);
}
