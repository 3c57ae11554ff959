import { mapPayloadFromInventory } from '@camwatch/dashboard/dev/fixture-fleet';
import { startFixtureServer, type FixtureServer } from '@camwatch/dashboard/dev/fixture-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboardBuilt } from '../src/dashboard-build.ts';
import { benchMe } from '../src/bench/map-bench.ts';
import { generateFleet } from '../src/fleet/generate-fleet.ts';
import { launchChromium, type Browser } from './dashboard-browser.ts';

/**
 * A signed-in start on a phone (issue 16 item 6): the stations are drawn before React
 * (dashboard/src/map/map-boot.ts), then the React map page adopts that very map and its station
 * layer, so there is one map, one station canvas, and the page's behaviour (taps, search) works
 * on it. Against the dashboard's fixture server, which answers /api/me as a signed-in user.
 */
describe('the boot map', () => {
  let server: FixtureServer;
  let browser: Browser;

  beforeAll(async () => {
    await ensureDashboardBuilt({ info: () => undefined });
    const fleet = generateFleet({ seed: 1, cameras: 1696 });
    server = await startFixtureServer(mapPayloadFromInventory(fleet.inventory), benchMe(), {
      units: fleet.geo.units,
      roads: fleet.geo.roads,
    });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws the stations before React, and the map page adopts that map instead of making a second', async () => {
    const page = await browser.page({ width: 390, height: 844 });
    // What the page looked like the moment the first markers were flagged as drawn.
    await page.addInitScript(`new MutationObserver((_, observer) => {
      const drawn = document.querySelector('[data-first-render="done"]');
      if (!drawn) return;
      observer.disconnect();
      window.cwAtFirstMap = { shell: document.querySelector('.shell') !== null, app: drawn.dataset.app, map: drawn.leafletMap };
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-first-render'] });`);
    await page.goto(server.url);
    await page.waitForFunction('window.cwAtFirstMap !== undefined', undefined, { timeout: 30_000 });
    expect(await page.evaluate('({ shell: window.cwAtFirstMap.shell, app: window.cwAtFirstMap.app })')).toEqual({
      shell: false,
      app: 'loading',
    });
    await page.waitForSelector('.leaflet-container[data-app="ready"]', { state: 'attached', timeout: 30_000 });
    expect(await page.locator('.leaflet-container').count()).toBe(1);
    expect(await page.locator('.map-area .leaflet-container').count()).toBe(1);
    expect(await page.evaluate("window.cwAtFirstMap.map === document.querySelector('.leaflet-container').leafletMap")).toBe(true);
    // One station layer: the boot map's, handed over (a second would draw every marker twice).
    expect(await page.locator('.leaflet-cw-stations-pane canvas').count()).toBe(1);
    // The map fills the map area under the bar and above the phone's bottom navigation.
    const [area, map] = await Promise.all([page.locator('.map-area').boundingBox(), page.locator('.leaflet-container').boundingBox()]);
    expect(map).toEqual(area);

    // Taps and search work on the adopted map: a station picked in the search opens, and a tap on it selects it.
    await page.locator('[data-testid=station-search]').fill('ấp');
    const first = page.locator('.search-group[data-group=stations] button').first();
    await first.click();
    await expect.poll(() => page.evaluate('location.hash'), { timeout: 10_000 }).toMatch(/^#\/station\//);
    await expect.poll(() => page.locator('.leaflet-container').getAttribute('data-rendered-stations'), { timeout: 10_000 }).not.toBe('0');
    const id = decodeURIComponent(String(await page.evaluate('location.hash')).slice('#/station/'.length));
    // Back to the map without a station: a tap on the selected marker (the view centres on it) selects it again.
    await page.evaluate("location.hash = '#/'");
    const point = await page.evaluate(`(() => {
      const map = document.querySelector('.leaflet-container').leafletMap;
      const p = map.latLngToContainerPoint(map.getCenter());
      const box = map.getContainer().getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    })()`);
    const { x, y } = point as { x: number; y: number };
    await page.mouse.click(x, y);
    await expect.poll(() => page.evaluate('decodeURIComponent(location.hash)'), { timeout: 10_000 }).toBe(`#/station/${id}`);

    // Leaving the map and coming back builds a map of React's own; still one of each.
    await page.evaluate("location.hash = '#/repair'");
    await expect.poll(() => page.locator('.leaflet-container').count(), { timeout: 10_000 }).toBe(0);
    await page.evaluate("location.hash = '#/'");
    await page.waitForSelector('.leaflet-container[data-app="ready"]', { state: 'attached', timeout: 30_000 });
    expect(await page.locator('.leaflet-container').count()).toBe(1);
    expect(await page.locator('.leaflet-cw-stations-pane canvas').count()).toBe(1);
    expect(browser.errors.filter((e) => !e.includes('404'))).toEqual([]);
    await page.close();
  }, 120_000);
});
