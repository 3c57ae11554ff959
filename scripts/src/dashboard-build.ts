import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { DASHBOARD_DIST } from '@camwatch/dashboard';

/** Builds the dashboard (vite) when dashboard/dist has no index.html yet: the first `pnpm start` on a fresh clone. */
export async function ensureDashboardBuilt(log: Pick<Logger, 'info'>): Promise<void> {
  if (existsSync(join(DASHBOARD_DIST, 'index.html'))) return;
  log.info('building the dashboard (first start)');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('pnpm', ['--filter', '@camwatch/dashboard', 'run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`dashboard build failed (exit ${code})`);
}
