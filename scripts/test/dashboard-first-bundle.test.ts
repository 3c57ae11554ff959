import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARD_DIST } from '@camwatch/dashboard';
import { describe, expect, it } from 'vitest';
import { ensureDashboardBuilt } from '../src/dashboard-build.ts';

/**
 * What a phone downloads and parses before the first map (issue 16 item 6): the entry chunk and
 * the chunks index.html preloads with it. Read from the real build's source maps, so a stray
 * import (a page, a schema module) that drags code back into the first bundle fails here.
 */
function firstBundleSources(): { files: string[]; sources: string[]; html: string } {
  const html = readFileSync(join(DASHBOARD_DIST, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script type="module"[^>]*src|link rel="modulepreload"[^>]*href)="\.\/(assets\/[^"]+\.js)"/g)].map(
    (m) => m[1]!,
  );
  const sources = files.flatMap(
    (f) => (JSON.parse(readFileSync(join(DASHBOARD_DIST, `${f}.map`), 'utf8')) as { sources: string[] }).sources,
  );
  return { files, sources, html };
}

describe('the dashboard bundle a phone loads first', () => {
  it('holds the map but no schema library and no other page', async () => {
    await ensureDashboardBuilt({ info: (message: string) => console.log(message) });
    const { files, sources } = firstBundleSources();
    expect(files.length).toBeGreaterThan(0);
    // The map is in it (else the checks below would pass on an empty list).
    expect(sources.some((s) => s.endsWith('src/map/map-page.tsx'))).toBe(true);
    expect(sources.some((s) => s.endsWith('src/map/station-layer.ts'))).toBe(true);
    // React's production build, also when the build was started from a test (vitest sets NODE_ENV=test).
    expect(sources.filter((s) => s.includes('.development.js'))).toEqual([]);
    // TypeBox comes with the live stream's payload checks, loaded with its first event.
    expect(sources.filter((s) => s.includes('@sinclair/typebox'))).toEqual([]);
    expect(sources.filter((s) => s.endsWith('src/api/live-validators.ts'))).toEqual([]);
    // Every other page is fetched when first opened.
    const pages = ['lists/', 'work-orders/', 'investigations/', 'coverage/', 'private-cameras/'];
    expect(sources.filter((s) => pages.some((p) => s.includes(`dashboard/src/${p}`)))).toEqual([]);
  }, 180_000);

  it('asks for the session, the client settings and the map before the bundle', async () => {
    await ensureDashboardBuilt({ info: (message: string) => console.log(message) });
    const { html } = firstBundleSources();
    const early = html.indexOf('cwEarlyRequests');
    expect(early).toBeGreaterThan(0);
    expect(early).toBeLessThan(html.indexOf('<script type="module"'));
    for (const path of ['/api/me', '/api/config', '/api/map']) expect(html).toContain(`'${path}'`);
  }, 180_000);
});
