import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARD_DIST } from '@camwatch/dashboard';
import { describe, expect, it } from 'vitest';
import { ensureDashboardBuilt } from '../src/dashboard-build.ts';

/**
 * What a phone downloads and parses before the first map (issue 16 item 6): the entry chunk and
 * the chunks index.html preloads with it, which draw the map before React (map-boot.ts). Read from the real build's source maps, so a stray
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
  it('holds the boot map (Leaflet and the station layer) and not React, no schema library, no page', async () => {
    await ensureDashboardBuilt({ info: (message: string) => console.log(message) });
    const { files, sources } = firstBundleSources();
    expect(files.length).toBeGreaterThan(0);
    // The boot map is in it (else the checks below would pass on an empty list).
    for (const drawing of ['src/map/map-boot.ts', 'src/map/station-layer.ts', 'src/map/map-store.ts'])
      expect(sources.filter((s) => s.endsWith(drawing))).toHaveLength(1);
    expect(sources.some((s) => s.includes('node_modules/leaflet/'))).toBe(true);
    // React comes after the first map (map-boot.ts): none of it, nor anything that renders with it.
    const react = ['/react/', '/react-dom/', '/scheduler/', '/react-leaflet/', '/@react-leaflet/'];
    expect(sources.filter((s) => react.some((r) => s.includes(`node_modules${r}`)))).toEqual([]);
    expect(sources.filter((s) => s.endsWith('.tsx'))).toEqual([]);
    // Nor the message dictionaries (≈10 KB gzip): the first map's only text is its cluster counts.
    expect(sources.filter((s) => /src\/i18n\/(vi|en)\.ts$/.test(s))).toEqual([]);
    // React's production build, also when the build was started from a test (vitest sets NODE_ENV=test).
    expect(sources.filter((s) => s.includes('.development.js'))).toEqual([]);
    // TypeBox comes with the live stream's payload checks, loaded with its first event.
    expect(sources.filter((s) => s.includes('@sinclair/typebox'))).toEqual([]);
    expect(sources.filter((s) => s.endsWith('src/api/live-validators.ts'))).toEqual([]);
    // Every page, the map page too, is fetched after the first map.
    const pages = ['lists/', 'work-orders/', 'investigations/', 'coverage/', 'private-cameras/', 'app/', 'station/', 'map/map-page'];
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
