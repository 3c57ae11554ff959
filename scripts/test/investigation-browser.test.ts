import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '@camwatch/hub';
import { launchChromium, type Browser } from './dashboard-browser.ts';
import { axeViolations, setLanguage } from './dashboard-pages.ts';
import { signIn, startHubOnPostgres, type HubOnPostgres } from './hub-on-postgres.ts';

const HOUR = 3_600_000;
/** A datetime-local value in Vietnam time (UTC+7), as the page reads it. */
const vnInput = (ts: number) => new Date(ts + 7 * HOUR).toISOString().slice(0, 16);

/**
 * "Who could have seen it" in a real Chromium against the real hub and PostgreSQL, as the
 * commune police: type a station's position, get its cameras with their status over the window
 * and a registered private camera with its owner's phone, the print and CSV links; on a 390 px
 * phone and a desktop, in Vietnamese and English, pass axe-core's audit. A technician has no
 * such page.
 */
describe('the investigation page, as commune police', () => {
  let stack: HubOnPostgres;
  let hub: Hub;
  let browser: Browser | undefined;
  let station = { id: '', lat: 0, lon: 0, unitId: '' };
  let cameraIds: string[] = [];
  // The window asked: the two hours up to a whole minute, so the shares are exact.
  const end = Math.floor(Date.now() / 60_000) * 60_000;

  beforeAll(async () => {
    stack = await startHubOnPostgres({ hubId: 'investigate-ui', seed: 11, cameras: 12 });
    hub = stack.hub;
    station = stack.inventory.stations[0]!;
    cameraIds = stack.inventory.cameras.filter((c) => c.stationId === station.id).map((c) => c.id);
    await stack.addUser('police', 'commune', [station.unitId]);
    await stack.addUser('tech', 'technician', [station.unitId]);
    // Every camera of the station worked through the last three hours; one down in the last hour.
    const now = end;
    for (const [i, id] of cameraIds.entries()) {
      await hub.db.query(
        `INSERT INTO camera_status_intervals (camera_id, station_id, status, started_at, ended_at) VALUES ($1, $2, 'ok', $3, $4)`,
        [id, station.id, new Date(now - 3 * HOUR), i === 0 ? new Date(now - HOUR) : null],
      );
      if (i === 0)
        await hub.db.query(
          `INSERT INTO camera_status_intervals (camera_id, station_id, status, cause, started_at) VALUES ($1, $2, 'down', 'unreachable', $3)`,
          [id, station.id, new Date(now - HOUR)],
        );
    }
    // A shop across the street, its camera facing every way, keeping 14 days.
    await hub.db.query(
      `INSERT INTO private_cameras (unit_id, owner_kind, owner_name, owner_phone, address, lat, lon, bearing_deg, fov_deg, range_m,
         faces_street, recorder_kind, recorder_brand, recording_days, consent_date, consent_scope, registered_by, registered_at, updated_at)
       VALUES ($1, 'business', 'Tiệm vàng Kim Phát', '0272 3 888 999', 'Số 5 Quốc lộ 1', $2, $3, 0, 360, 40, true, 'nvr', 'Dahua', 14,
         '2025-05-01', 'footage_contact', 'police', now(), now())`,
      [station.unitId, station.lat + 0.0001, station.lon],
    );
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function investigate(page: Awaited<ReturnType<Browser['page']>>) {
    await page.goto(`${hub.httpUrl}/#/investigate`);
    await page.locator('[data-testid=inv-route]').fill(`${station.lat}, ${station.lon}`);
    await page.locator('[data-testid=inv-from]').fill(vnInput(end - 2 * HOUR));
    await page.locator('[data-testid=inv-to]').fill(vnInput(end));
    await page.locator('[data-testid=inv-submit]').click();
    await page.locator('[data-testid=inv-private-count]').waitFor({ timeout: 20_000 });
  }

  it('finds the station’s cameras with their window and the private camera with its owner, at 390 px', async () => {
    const page = await browser!.page({ width: 390, height: 844 });
    await signIn(page, hub.httpUrl!, 'police');
    const errorsBefore = browser!.errors.length;
    // A click on the map picks a point: the coordinates field takes it, a second click makes a route.
    await page.goto(`${hub.httpUrl}/#/investigate`);
    const map = page.locator('[data-testid=inv-map] .leaflet-container');
    await map.click({ position: { x: 100, y: 100 } });
    await expect.poll(() => page.locator('[data-testid=inv-route]').inputValue()).toMatch(/^\d+\.\d{6}, \d+\.\d{6}$/);
    await map.click({ position: { x: 200, y: 120 } });
    await expect.poll(() => page.locator('[data-testid=inv-route]').inputValue()).toMatch(/^[\d., ]+; [\d., ]+$/);
    await investigate(page);
    const found = await page
      .locator('[data-testid=inv-programme] [data-camera-id]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-camera-id')));
    expect(found.sort()).toEqual([...cameraIds].sort());
    // The first camera was down for the last of the two hours asked.
    const first = page.locator(`[data-camera-id="${cameraIds[0]}"]`);
    expect(await first.locator('.status-words').textContent()).toMatch(/Hỏng 50,0 %/);
    expect(await first.locator('.status-bar .span-down').count()).toBe(1);
    const shop = page.locator('[data-testid=inv-private] [data-private-id]');
    expect(await shop.count()).toBe(1);
    expect(await shop.getAttribute('data-kept')).toBe('kept');
    expect(await shop.textContent()).toContain('Tiệm vàng Kim Phát');
    expect(await shop.locator('a[href^="tel:"]').getAttribute('href')).toBe('tel:02723888999');
    expect(await page.locator('[data-testid=inv-print]').getAttribute('href')).toMatch(/^\/api\/investigations\/print\.html\?route=/);
    // The printable list opens for the same user (its own session), in Vietnamese.
    const printUrl = `${hub.httpUrl}${await page.locator('[data-testid=inv-print]').getAttribute('href')}`;
    const printed = await page.request.get(printUrl);
    expect(printed.status()).toBe(200);
    expect(await printed.text()).toContain('Danh sách camera có thể đã ghi hình');
    // The query and the printed list are on record, under the officer's name.
    // Counted, not as a set: one submit is one query on record (a doubled effect would audit it twice), then the print.
    const audited = await hub.db.query<{ username: string; format: string }>(
      `SELECT username, detail->>'format' AS format FROM audit_log WHERE action = 'investigation.run' ORDER BY id`,
    );
    expect(audited.rows).toEqual([
      { username: 'police', format: 'json' },
      { username: 'police', format: 'html' },
    ]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(browser!.errors.slice(errorsBefore)).toEqual([]);
    await page.close();
  }, 120_000);

  it('passes axe-core on a phone and a desktop in Vietnamese and English', async () => {
    const violations: string[] = [];
    for (const size of [
      { width: 390, height: 844 },
      { width: 1280, height: 900 },
    ]) {
      const page = await browser!.page(size);
      await page.goto(`${hub.httpUrl}/#/investigate`);
      await page.locator('[data-testid=inv-route]').waitFor({ timeout: 20_000 });
      for (const lang of ['vi', 'en'] as const) {
        await setLanguage(page, lang);
        await investigate(page);
        violations.push(...(await axeViolations(page, `investigation ${lang} ${size.width}px`)));
      }
      expect(await page.locator('[data-testid=inv-private-count]').textContent()).toContain('Cameras of households');
      await page.close();
    }
    expect(violations).toEqual([]);
  }, 120_000);

  it('offers no investigation to a technician, and the hub refuses it', async () => {
    // Another officer on the same browser: the police session ends first.
    await browser!.context.clearCookies();
    const page = await browser!.page({ width: 390, height: 844 });
    await signIn(page, hub.httpUrl!, 'tech');
    expect(await page.locator('[data-nav=investigate]').count()).toBe(0);
    const res = await page.request.get(`${hub.httpUrl}/api/investigations?route=${station.lat},${station.lon}&from=0&to=3600000`);
    expect(res.status()).toBe(403);
    await page.close();
  }, 60_000);
});
