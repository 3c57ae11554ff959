import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivateCameraPositions } from '@camwatch/config';
import { mapPayloadFromInventory } from '@camwatch/dashboard/dev/fixture-fleet';
import { startFixtureServer, type FixtureServer } from '@camwatch/dashboard/dev/fixture-server';
import { ensureDashboardBuilt } from '../src/dashboard-build.ts';
import { generateFleet } from '../src/fleet/generate-fleet.ts';
import { launchChromium, type Browser } from './dashboard-browser.ts';

/**
 * The private-camera map layer in a real Chromium against the dashboard's fixture server, with
 * an answer the hub cut at its limit: the layer draws what it got on its own canvas and says
 * "3 of 7" on the map instead of passing for complete (issue 16 item 6).
 */
describe('private-camera map layer with a cut answer', () => {
  let server: FixtureServer;
  let browser: Browser;
  let positions: PrivateCameraPositions;

  beforeAll(async () => {
    await ensureDashboardBuilt({ info: () => undefined });
    const fleet = generateFleet({ seed: 1, cameras: 60 });
    const payload = mapPayloadFromInventory(fleet.inventory);
    // Three cameras where the first three stations stand: inside the first map's view.
    const lat = payload.stations.lat.slice(0, 3);
    const lon = payload.stations.lon.slice(0, 3);
    positions = { lat, lon, kind: [0, 1, 2], total: 7, truncated: true };
    const me = {
      username: 'viewer',
      displayName: 'Viewer',
      role: 'province_viewer' as const,
      unitIds: [],
      language: 'vi' as const,
      sessionExpiresAt: Date.now() + 86_400_000,
    };
    server = await startFixtureServer(payload, me, undefined, 0, (path) =>
      path === '/api/private-cameras/positions' ? positions : undefined,
    );
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws the cameras it got and says how many of how many', async () => {
    const page = await browser.page({ width: 1440, height: 900 });
    await page.goto(server.url);
    await page.waitForSelector('[data-first-render="done"]', { state: 'attached', timeout: 30_000 });
    const map = page.locator('.leaflet-container');
    const box = page.locator('[data-layer=private]');
    if (!(await box.isVisible())) await page.locator('.map-controls-toggle').click();
    await box.check();
    await expect.poll(() => map.getAttribute('data-private-cameras'), { timeout: 10_000 }).toBe('3');
    expect(await map.getAttribute('data-private-total')).toBe('7');
    expect(await page.locator('[data-testid=private-partial]').textContent()).toBe('Đang hiện 3 trong 7 camera tư nhân');
    // The rings are on the layer's own canvas: count its violet pixels (the ring's stroke, antialiased: blue well above green).
    const violet = Number(
      await page.evaluate(`(() => {
        const canvas = document.querySelector('.leaflet-cw-private-pane canvas');
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i + 2] - data[i + 1] > 40) n++;
        return n;
      })()`),
    );
    expect(violet).toBeGreaterThan(3 * 10);
    await box.uncheck();
    await expect.poll(() => map.getAttribute('data-private-cameras'), { timeout: 10_000 }).toBeNull();
    expect(await page.locator('[data-testid=private-partial]').count()).toBe(0);
    expect(await page.locator('.leaflet-cw-private-pane canvas').count()).toBe(0);
    expect(browser.errors).toEqual([]);
    await page.close();
  }, 120_000);
});
