import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoadCoverageReport } from '@camwatch/config';
import type { Hub } from '@camwatch/hub';
import { launchChromium, type Browser } from './dashboard-browser.ts';
import { axeViolations, setLanguage } from './dashboard-pages.ts';
import { signIn, startHubOnPostgres, type HubOnPostgres } from './hub-on-postgres.ts';

/**
 * Road coverage in a real Chromium against the real hub, PostgreSQL and the generated fleet's
 * map layers: the coverage view of a commune's roads on a 390 px phone (both languages, axe-core),
 * and on a desktop the province's national roads, the map's coverage layer and the commune
 * shading by share of road length covered.
 */
describe('road coverage in the dashboard', () => {
  let stack: HubOnPostgres;
  let hub: Hub;
  let browser: Browser | undefined;
  let communeId = '';

  beforeAll(async () => {
    stack = await startHubOnPostgres({ hubId: 'coverage-ui', seed: 7, cameras: 40, geo: true });
    hub = stack.hub;
    communeId = stack.inventory.stations[0]!.unitId;
    await stack.addUser('police', 'commune', [communeId]);
    await stack.addUser('tinh', 'province_viewer', []);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("lists the commune's roads with km covered and their gaps on a phone, in Vietnamese and English, passing axe-core", async () => {
    const api = await stack.api('police');
    const res = await api('GET', '/api/coverage/roads');
    expect(res.status).toBe(200);
    const report = res.json as unknown as RoadCoverageReport;
    expect(report.roads.length).toBeGreaterThan(0);

    const page = await browser!.page({ width: 390, height: 844 });
    await signIn(page, hub.httpUrl!, 'police');
    const errorsBefore = browser!.errors.length;
    await page.goto(`${hub.httpUrl}/#/coverage`);
    const rows = page.locator('tr[data-road]');
    await rows.first().waitFor({ timeout: 30_000 });
    expect((await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-road')))).sort()).toEqual(
      report.roads.map((r) => r.id).sort(),
    );
    const withGaps = report.roads.find((r) => r.gaps.length > 0)!;
    const row = page.locator(`tr[data-road="${withGaps.id}"]`);
    await row.locator('summary').click();
    const gapItems = row.locator('.gap-list li');
    expect(await gapItems.count()).toBe(withGaps.gaps.length);
    expect(await gapItems.first().textContent()).toMatch(/^Từ km [\d,]+ đến km [\d,]+: [\d,]+ km$/);

    const violations: string[] = [];
    for (const lang of ['vi', 'en'] as const) {
      await setLanguage(page, lang);
      await page.goto(`${hub.httpUrl}/#/coverage`);
      await rows.first().waitFor({ timeout: 30_000 });
      violations.push(...(await axeViolations(page, `coverage ${lang}`)));
    }
    expect(await page.locator('h1').textContent()).toBe('Camera coverage of the roads');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(violations).toEqual([]);
    expect(browser!.errors.slice(errorsBefore)).toEqual([]);
    await page.close();
  }, 120_000);

  it('shows the national roads to the province, colours road stretches on the map and shades communes by road covered', async () => {
    const page = await browser!.page({ width: 1280, height: 800 });
    // The profile is shared: drop the police officer's session before the province signs in.
    await browser!.context.clearCookies();
    await page.goto(hub.httpUrl!);
    await page.evaluate(() => {
      localStorage.clear();
      sessionStorage.clear();
    });
    await signIn(page, hub.httpUrl!, 'tinh');
    await setLanguage(page, 'vi');
    const errorsBefore = browser!.errors.length;
    await page.goto(`${hub.httpUrl}/#/coverage`);
    const main = page.locator('[data-testid=coverage-main] tr[data-road]');
    await main.first().waitFor({ timeout: 30_000 });
    expect((await main.evaluateAll((els) => els.map((e) => e.getAttribute('data-road')))).sort()).toEqual(['N2', 'QL1', 'QL50', 'QL62']);

    await page.goto(`${hub.httpUrl}/#/`);
    await page.locator('.map-controls-toggle').click();
    await page.locator('[data-layer=coverage]').check();
    await page.locator('[data-coverage-legend=none]').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('.leaflet-cw-coverage-pane canvas').count(), { timeout: 20_000 }).toBe(1);
    await page.locator('[data-testid=shading-mode]').selectOption('roads');
    await expect
      .poll(() => page.locator('.legend h4').first().textContent(), { timeout: 20_000 })
      .toBe('Tỷ lệ chiều dài đường có camera hoạt động');
    expect(browser!.errors.slice(errorsBefore)).toEqual([]);
    await page.close();
  }, 120_000);
});
