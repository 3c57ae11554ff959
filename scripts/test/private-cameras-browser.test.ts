import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '@camwatch/hub';
import { launchChromium, type Browser } from './dashboard-browser.ts';
import { axeViolations, setLanguage } from './dashboard-pages.ts';
import { signIn, startHubOnPostgres, type HubOnPostgres } from './hub-on-postgres.ts';

/**
 * The private-camera register in a real Chromium against the real hub and PostgreSQL, as the
 * commune police on a 390 px phone: register a camera at the owner's door with the phone's
 * position, see it in the commune's list with its owner, erase it (asked twice), and pass
 * axe-core in Vietnamese and English. A technician (no `private_camera.read`) is not offered it.
 */
describe('private-camera register in the dashboard, as commune police on a phone', () => {
  let stack: HubOnPostgres;
  let hub: Hub;
  let browser: Browser | undefined;
  let unitId = '';
  const here = { latitude: 10.612345, longitude: 106.601234 };

  beforeAll(async () => {
    stack = await startHubOnPostgres({ hubId: 'private-ui', seed: 7, cameras: 12 });
    hub = stack.hub;
    unitId = stack.inventory.stations[0]!.unitId;
    await stack.addUser('police', 'commune', [unitId]);
    await stack.addUser('tech', 'technician', [unitId]);
    browser = await launchChromium();
    await browser.context.grantPermissions(['geolocation'], { origin: hub.httpUrl! });
    await browser.context.setGeolocation({ ...here, accuracy: 8 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('registers a camera with "use my location", lists it with its owner, and erases it only when asked twice', async () => {
    const page = await browser!.page({ width: 390, height: 844 });
    await signIn(page, hub.httpUrl!, 'police');
    const errorsBefore = browser!.errors.length;
    // On a phone the register sits behind "more" in the bottom bar.
    await page.locator('[data-testid=nav-more]').click();
    await page.locator('[data-nav=private]').click();
    const count = page.locator('[data-testid=private-count]');
    await count.waitFor({ timeout: 20_000 });
    expect(await count.getAttribute('data-count')).toBe('0');

    await page.locator('[data-testid=private-add]').click();
    await page.locator('[data-testid=private-name]').fill('Nguyễn Thị Hoa');
    await page.locator('[data-testid=private-phone]').fill('0908 765 432');
    await page.locator('[data-testid=private-address]').fill('14 Ấp 2');
    await page.locator('[data-testid=private-locate]').click();
    await expect.poll(() => page.locator('[data-testid=private-lat]').inputValue(), { timeout: 10_000 }).toBe('10.612345');
    expect(await page.locator('[data-testid=private-lon]').inputValue()).toBe('106.601234');
    await page.locator('[data-testid=private-bearing]').fill('135');
    await page.locator('[data-testid=private-range]').fill('25');
    await page.locator('[data-testid=private-scope]').selectOption('footage_contact');
    await page.locator('[data-testid=private-save]').click();
    await expect.poll(() => count.getAttribute('data-count'), { timeout: 10_000 }).toBe('1');
    expect(await page.locator('[data-testid=private-owner]').textContent()).toContain('Nguyễn Thị Hoa');

    const stored = await hub.db.query<{
      id: string;
      unit_id: string;
      lat: number;
      lon: number;
      bearing_deg: number;
      range_m: number;
      consent_scope: string;
      registered_by: string;
    }>('SELECT id::text, unit_id, lat, lon, bearing_deg, range_m, consent_scope, registered_by FROM private_cameras');
    expect(stored.rows).toEqual([
      {
        id: expect.any(String),
        unit_id: unitId,
        lat: here.latitude,
        lon: here.longitude,
        bearing_deg: 135,
        range_m: 25,
        consent_scope: 'footage_contact',
        registered_by: 'police',
      },
    ]);

    // First ask: a warning and a reason; nothing is erased until the second, explicit confirmation.
    await page.locator('[data-testid=private-erase]').click();
    const confirm = page.locator('[data-testid=private-erase-confirm]');
    expect(await confirm.isDisabled()).toBe(true);
    expect((await hub.db.query('SELECT 1 FROM private_cameras')).rows).toHaveLength(1);
    await page.locator('[data-testid=private-erase-reason]').fill('Đơn yêu cầu số 3');
    await confirm.click();
    await expect.poll(() => count.getAttribute('data-count'), { timeout: 10_000 }).toBe('0');
    expect((await hub.db.query('SELECT 1 FROM private_cameras')).rows).toHaveLength(0);
    const audit = await hub.db.query<{ detail: { reason: string } }>(`SELECT detail FROM audit_log WHERE action = 'private_camera.erase'`);
    expect(audit.rows.map((r) => r.detail.reason)).toEqual(['Đơn yêu cầu số 3']);
    expect(browser!.errors.slice(errorsBefore)).toEqual([]);
    await page.close();
  }, 120_000);

  it('passes axe-core at 390 px in Vietnamese and English, list and form', async () => {
    await hub.db.query(
      `INSERT INTO private_cameras (unit_id, owner_kind, owner_name, owner_phone, address, lat, lon, bearing_deg, fov_deg, range_m,
         faces_street, recorder_kind, recording_days, consent_date, consent_scope, registered_by, registered_at, updated_at)
       VALUES ($1, 'business', 'Tạp hóa Minh', '0272 3 111 222', '1 QL1', 10.61, 106.6, 90, 90, 40, true, 'dvr', 14, '2026-11-01', 'listed', 'police', now(), now())`,
      [unitId],
    );
    const page = await browser!.page({ width: 390, height: 844 });
    const violations: string[] = [];
    for (const lang of ['vi', 'en'] as const) {
      await page.goto(`${hub.httpUrl}/#/private-cameras`);
      await page.locator('[data-testid=private-count]').waitFor({ timeout: 20_000 });
      await setLanguage(page, lang);
      await page.locator('[data-testid=private-count]').waitFor({ timeout: 20_000 });
      violations.push(...(await axeViolations(page, `private cameras ${lang}`)));
      await page.locator('[data-testid=private-add]').click();
      await page.locator('[data-testid=private-form]').waitFor();
      violations.push(...(await axeViolations(page, `private camera form ${lang}`)));
      await page.locator('[data-testid=private-cancel]').click();
    }
    expect(await page.locator('h1').textContent()).toBe('Private street-facing cameras');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(violations).toEqual([]);
    await page.close();
  }, 120_000);

  it('shows the private cameras as a map layer of their own when the police turn it on', async () => {
    const page = await browser!.page({ width: 390, height: 844 });
    await page.goto(`${hub.httpUrl}/#/`);
    await page.waitForSelector('[data-first-render="done"]', { state: 'attached', timeout: 30_000 });
    const map = page.locator('.leaflet-container');
    expect(await map.getAttribute('data-private-cameras')).toBeNull();
    await page.locator('.map-controls-toggle').click();
    await page.locator('[data-layer=private]').check();
    // The one camera left from the axe test (the first was erased).
    await expect.poll(() => map.getAttribute('data-private-cameras'), { timeout: 10_000 }).toBe('1');
    await page.locator('[data-layer=private]').uncheck();
    await expect.poll(() => map.getAttribute('data-private-cameras'), { timeout: 10_000 }).toBeNull();
    await page.close();
  }, 60_000);

  it('does not offer the register to a technician, whose role may not see private cameras', async () => {
    const page = await browser!.page({ width: 390, height: 844 });
    await page.context().clearCookies();
    await signIn(page, hub.httpUrl!, 'tech');
    expect(await page.locator('[data-nav=repair]').count()).toBe(1);
    expect(await page.locator('[data-nav=private]').count()).toBe(0);
    // Nor the map layer: the layer list lacks it.
    await page.locator('.map-controls-toggle').click();
    await page.locator('[data-layer=roads]').waitFor();
    expect(await page.locator('[data-layer=private]').count()).toBe(0);
    await page.close();
  }, 60_000);
});
