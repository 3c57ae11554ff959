import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './package-targets.ts';

const run = promisify(execFile);

/** The agent sources a package is built from: the working tree, or a git revision (an earlier release). */
export interface AgentSource {
  edgeAgentDir: string;
  /** The agent's own version (edge-agent/package.json), as `--version` prints it. */
  version: string;
  /**
   * The package version: the agent version plus the commit count, so that a later build sorts after
   * an earlier one for dpkg (`0.1.0+git233.1a2b3c4`) even while the agent version stays the same.
   */
  debVersion: string;
  cleanup(): void;
}

export async function agentSource(ref: string | null): Promise<AgentSource> {
  if (ref === null) {
    const edgeAgentDir = join(REPO_ROOT, 'edge-agent');
    const version = readVersion(edgeAgentDir);
    return { edgeAgentDir, version, debVersion: debVersionOf(version, 'HEAD', isDirty()), cleanup: () => {} };
  }
  const root = mkdtempSync(join(tmpdir(), 'camwatch-package-src-'));
  try {
    // The agent and its one workspace dependency, as they were at `ref`.
    const archive = execFileSync('git', ['archive', '--format=tar', ref, 'edge-agent', 'config', 'tsconfig.base.json'], {
      cwd: REPO_ROOT,
      maxBuffer: 256 << 20,
    });
    execFileSync('tar', ['xf', '-', '-C', root], { input: archive });
    linkDependencies(root);
    const edgeAgentDir = join(root, 'edge-agent');
    const version = readVersion(edgeAgentDir);
    return {
      edgeAgentDir,
      version,
      debVersion: debVersionOf(version, ref, false),
      cleanup: () => rmSync(root, { recursive: true, force: true }),
    };
  } catch (err) {
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
}

/**
 * The exported tree resolves third-party modules from the workspace's installed ones, but
 * `@camwatch/config` from its own exported copy (the contracts as they were at that revision).
 */
function linkDependencies(root: string): void {
  const modules = join(root, 'edge-agent/node_modules');
  mkdirSync(join(modules, '@camwatch'), { recursive: true });
  const installed = join(REPO_ROOT, 'edge-agent/node_modules');
  for (const name of readdirSync(installed)) {
    if (name === '@camwatch' || name === '.bin') continue;
    symlinkSync(realpathSync(join(installed, name)), join(modules, name));
  }
  symlinkSync(join(root, 'config'), join(modules, '@camwatch/config'));
  symlinkSync(realpathSync(join(REPO_ROOT, 'config/node_modules')), join(root, 'config/node_modules'));
}

/**
 * Bundles with the agent's own `bundle` script (one definition of how the agent is bundled), into
 * `outFile` rather than the script's dist/ (a test or a bench may be bundling there at the same time).
 */
export async function bundleAgent(source: AgentSource, outFile: string): Promise<string> {
  const pkg = JSON.parse(readFileSync(join(source.edgeAgentDir, 'package.json'), 'utf8')) as { scripts?: { bundle?: string } };
  const script = pkg.scripts?.bundle;
  if (!script || !/--outfile=\S+/.test(script)) throw new Error(`${source.edgeAgentDir}/package.json has no bundle script with --outfile=`);
  const env = { ...process.env, PATH: `${join(REPO_ROOT, 'edge-agent/node_modules/.bin')}:${process.env.PATH ?? ''}` };
  await run('sh', ['-c', script.replace(/--outfile=\S+/, `--outfile='${outFile}'`)], { cwd: source.edgeAgentDir, env });
  return outFile;
}

function readVersion(edgeAgentDir: string): string {
  return (JSON.parse(readFileSync(join(edgeAgentDir, 'package.json'), 'utf8')) as { version: string }).version;
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null; // not a git checkout (e.g. a source tarball): the agent version alone
  }
}

function isDirty(): boolean {
  return (git(['status', '--porcelain', '--', 'edge-agent', 'config']) ?? '') !== '';
}

function debVersionOf(version: string, ref: string, dirty: boolean): string {
  const count = git(['rev-list', '--count', ref]);
  const sha = git(['rev-parse', '--short=7', ref]);
  if (!count || !sha) return version;
  return `${version}+git${count}.${sha}${dirty ? '.dirty' : ''}`;
}
