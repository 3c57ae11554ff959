import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import lockfile from 'proper-lockfile';
import { DASHBOARD_DIST } from '@camwatch/dashboard';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const dashboardDir = join(repo, 'dashboard');
/** What the built dashboard is made of: its own sources and the contracts it imports from config. */
const SOURCES = [
  join(dashboardDir, 'src'),
  join(dashboardDir, 'index.html'),
  join(dashboardDir, 'vite.config.ts'),
  join(repo, 'config', 'src'),
];

function newestMtimeMs(path: string): number {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  return newest;
}

/**
 * Why a build is needed, or null when dashboard/dist is current. A working tree that only
 * checked for dist/index.html served yesterday's dashboard after a change to its sources, and
 * browser tests then failed against code that was already fixed.
 */
export function dashboardBuildReason(): string | null {
  const built = statSync(join(DASHBOARD_DIST, 'index.html'), { throwIfNoEntry: false });
  if (!built) return 'first start';
  return SOURCES.some((p) => newestMtimeMs(p) > built.mtimeMs) ? 'sources changed since the last build' : null;
}

/**
 * Builds the dashboard (vite) when dashboard/dist is missing or older than its sources. Parallel
 * test files and a `pnpm start` may ask at once: vite empties dist/ while it writes, so one
 * process builds under a lock and the others wait, then find the build current.
 */
export async function ensureDashboardBuilt(log: Pick<Logger, 'info'>): Promise<void> {
  if (!dashboardBuildReason()) return;
  const release = await lockfile.lock(dashboardDir, {
    lockfilePath: join(dashboardDir, '.build.lock'),
    // A build takes 20–60 s on a loaded 2-core machine; a lock untouched for 2 min is a dead builder's.
    stale: 120_000,
    retries: { retries: 600, minTimeout: 500, maxTimeout: 1_000, factor: 1 },
  });
  try {
    const reason = dashboardBuildReason();
    if (!reason) return;
    log.info(`building the dashboard (${reason})`);
    const code = await new Promise<number | null>((resolve, reject) => {
      // NODE_ENV=production whoever asks: vitest sets NODE_ENV=test, and vite then built React's
      // development bundle (1.5 MB decoded instead of 0.5), which tests and `pnpm bench map`
      // (dist/ is shared, reused while current) then loaded as if it were the real dashboard.
      const child = spawn('pnpm', ['--filter', '@camwatch/dashboard', 'run', 'build'], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, NODE_ENV: 'production' },
      });
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0) throw new Error(`dashboard build failed (exit ${code})`);
  } finally {
    await release();
  }
}
