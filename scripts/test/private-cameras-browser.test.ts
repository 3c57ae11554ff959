import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '@camwatch/hub';
import { launchChromium, type Browser } from './dashboard-browser.ts';
import { axeViolations, intersects, rectsOf, setLanguage } from './dashboard-pages.ts';
import { signIn, startHubOnPostgres, type HubOnPostgres } from './hub-on-postgres.ts';

/** Centre of an element on the page, in CSS pixels. */
async function centreOf(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A display name as a commune writes it: rank, full name and unit (the bar must not let it push into the nav). */
const LONG_NAME = 'Thiếu tá Nguyễn Thị Thanh Hương – Công an xã Phước Lợi, huyện Bến Lức';

/**
 * The private-camera register in a real Chromium against the real hub and PostgreSQL, as the
 * commune police on a 390 px phone: register a camera at the owner's door with the phone's
 * position, see it in the commune's list with its owner, edit it by dragging its view on the
 * form's map, upload the commune's spreadsheet (a bad one refused whole with its bad rows listed,
 * then a good one), erase (asked twice), and pass axe-core in Vietnamese and English, on a phone
 * and a wall screen. A technician (no `private_camera.read`) is not offered it.
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
    await stack.addUser('viewer', 'province_viewer', [unitId]);
    await stack.addUser('police-long', 'commune', [unitId], LONG_NAME);
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

  it('edits a camera on a phone: drags its view on the form’s map, turns it by keyboard, and saves only what changed', async () => {
    const page = await browser!.page({ width: 390, height: 844 });
    await page.goto(`${hub.httpUrl}/#/private-cameras`);
    const row = page.locator('li[data-private-id]', { hasText: 'Tạp hóa Minh' });
    await row.locator('[data-testid=private-edit]').click();
    // The same form, prefilled from the stored camera.
    expect(await row.locator('[data-testid=private-name]').inputValue()).toBe('Tạp hóa Minh');
    expect(await row.locator('[data-testid=private-bearing]').inputValue()).toBe('90');
    expect(await row.locator('[data-testid=private-range]').inputValue()).toBe('40');
    await row.locator('[data-testid=private-aim-handle]').waitFor();
    await row.locator('[data-testid=private-view-map]').scrollIntoViewIfNeeded();

    // Facing east: the wedge lies east of the camera. Drag the handle to straight below it (south).
    const cam = await centreOf(page, '[data-testid=private-camera-marker]');
    const handle = await centreOf(page, '[data-testid=private-aim-handle]');
    const wedgeBefore = (await page.locator('.view-picker-wedge').boundingBox())!;
    expect(wedgeBefore.x + wedgeBefore.width / 2).toBeGreaterThan(cam.x + 10);
    expect(Math.abs(handle.y - cam.y)).toBeLessThan(3);
    await page.mouse.move(handle.x, handle.y);
    await page.mouse.down();
    await page.mouse.move(handle.x - 20, handle.y + 40, { steps: 4 });
    await page.mouse.move(cam.x, cam.y + 100, { steps: 8 });
    await page.mouse.up();
    const dragged = Number(await row.locator('[data-testid=private-bearing]').inputValue());
    expect(dragged).toBeGreaterThanOrEqual(178);
    expect(dragged).toBeLessThanOrEqual(182);
    const range = Number(await row.locator('[data-testid=private-range]').inputValue());
    expect(range).toBeGreaterThan(40); // 100 px at the zoom that drew 40 m as about 68 px
    // Drawn live: the wedge now lies below the camera.
    const wedgeAfter = (await page.locator('.view-picker-wedge').boundingBox())!;
    expect(wedgeAfter.y + wedgeAfter.height / 2).toBeGreaterThan(cam.y + 10);
    expect(await page.locator('[data-testid=private-aim-handle]').getAttribute('aria-valuenow')).toBe(String(dragged));

    // The handle is a keyboard slider too; the numeric field follows it.
    await page.locator('[data-testid=private-aim-handle]').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => row.locator('[data-testid=private-bearing]').inputValue()).toBe(String(dragged + 5));
    await row.locator('[data-testid=private-phone]').fill('0272 3 999 000');
    await row.locator('[data-testid=private-save]').click();
    await expect.poll(() => row.locator('[data-testid=private-form]').count(), { timeout: 10_000 }).toBe(0);
    // The list reloads with the saved view.
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain(`${dragged + 5}°`);

    const stored = await hub.db.query<{ bearing_deg: number; range_m: number; owner_phone: string; owner_name: string }>(
      `SELECT bearing_deg, range_m, owner_phone, owner_name FROM private_cameras WHERE owner_name = 'Tạp hóa Minh'`,
    );
    expect(stored.rows).toEqual([{ bearing_deg: dragged + 5, range_m: range, owner_phone: '0272 3 999 000', owner_name: 'Tạp hóa Minh' }]);
    // The audit names the fields changed (never their values): not the unit, the consent or the recorder.
    const audit = await hub.db.query<{ detail: { fields: string[] } }>(
      `SELECT detail FROM audit_log WHERE action = 'private_camera.update'`,
    );
    expect(audit.rows.map((r) => r.detail.fields)).toEqual([['bearingDeg', 'owner', 'rangeM']]);
    await page.close();
  }, 120_000);

  it('uploads the commune’s spreadsheet: a sheet with bad rows is refused whole, each named by line and reason; a good one is imported', async () => {
    const page = await browser!.page({ width: 390, height: 844 });
    await page.goto(`${hub.httpUrl}/#/private-cameras`);
    const count = page.locator('[data-testid=private-count]');
    await count.waitFor({ timeout: 20_000 });
    await setLanguage(page, 'vi'); // the axe test above left the account in English
    await count.waitFor({ timeout: 20_000 });
    const before = Number(await count.getAttribute('data-count'));
    const inDb = async () => (await hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM private_cameras')).rows[0]!.n;
    const dbBefore = await inDb();
    await page.locator('[data-testid=private-import-open]').click();

    const headings =
      'Mã xã,Loại chủ,Chủ sở hữu,Số điện thoại,Địa chỉ,Vĩ độ,Kinh độ,Hướng (độ),Góc nhìn (độ),Tầm xa (m),Hướng ra đường,Ngày đồng ý,Phạm vi đồng ý';
    const csv = [
      headings,
      `${unitId},Hộ gia đình,Lê Văn Tám,0909 111 222,5 Ấp 3,10.6131,106.6021,45,90,30,Có,01/12/2026,Chỉ đăng ký`,
      `${unitId},Hộ gia đình,Trần Thị Út,0909 333 444,7 Ấp 3,10.6132,106.6022,đông,90,30,Có,01/12/2026,Chỉ đăng ký`,
      `KHONG-CO-XA,Doanh nghiệp,Cửa hàng Lan,0909 555 666,9 Ấp 3,10.6133,106.6023,90,90,30,Có,02/12/2026,Liên hệ trích xuất`,
    ].join('\r\n');
    await page
      .locator('[data-testid=private-import-file]')
      .setInputFiles({ name: 'phuoc-loi.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.locator('[data-testid=private-import-send]').click();
    const issues = page.locator('[data-testid=private-import-issues] li');
    await issues.first().waitFor({ timeout: 10_000 });
    expect(await issues.evaluateAll((els) => els.map((e) => e.getAttribute('data-line')))).toEqual(['3', '4']);
    // Each reason in the officer's language, from the hub's reason code (its own message is English).
    expect(await issues.allTextContents()).toEqual([
      'Dòng 3 · Hướng (độ): phải là số, không phải “đông”',
      'Dòng 4 · Mã xã: mã xã “KHONG-CO-XA” không tồn tại hoặc ngoài địa bàn của bạn',
    ]);
    expect(await page.locator('[data-testid=private-import-refused]').textContent()).toContain('Chưa nhập dòng nào');
    // The same refusal in English: the column by its English heading, the reason in English words.
    await setLanguage(page, 'en');
    await page.locator('[data-testid=private-import-send]').click();
    await expect
      .poll(() => issues.allTextContents(), { timeout: 10_000 })
      .toEqual([
        'Line 3 · bearing_deg: must be a number, not "đông"',
        'Line 4 · commune_id: unit "KHONG-CO-XA" does not exist or is outside your area',
      ]);
    await setLanguage(page, 'vi');
    // Nothing half-imported: the good first row was not written either.
    expect(await inDb()).toBe(dbBefore);
    expect(await count.getAttribute('data-count')).toBe(String(before));
    const violations = await axeViolations(page, 'import refused at 390 px');

    // The fixed sheet, filled into the blank template the panel offers, as the commune keeps it in
    // Excel (dates and numbers as typed cells, columns in the template's order).
    const templateLink = page.locator('[data-testid=private-import-template-xlsx]');
    expect(await page.locator('[data-testid=private-import-template-csv]').getAttribute('href')).toBe(
      '/api/private-cameras/template.csv?lang=vi',
    );
    const template = await page.context().request.get(new URL((await templateLink.getAttribute('href'))!, hub.httpUrl!).href);
    expect(template.status()).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await template.body()) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const templateHeadings = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    expect(templateHeadings).toEqual(expect.arrayContaining(headings.split(',')));
    /** A row of the short sheet's values placed under the template's headings (its extra columns left empty). */
    const inTemplateOrder = (values: unknown[]) => {
      const short = headings.split(',');
      return templateHeadings.map((h) => (short.includes(h) ? values[short.indexOf(h)] : null));
    };
    const fixedRows: unknown[][] = [];
    fixedRows.push([
      unitId,
      'Hộ gia đình',
      'Lê Văn Tám',
      '0909 111 222',
      '5 Ấp 3',
      10.6131,
      106.6021,
      45,
      90,
      30,
      'Có',
      new Date(Date.UTC(2026, 11, 1)),
      'Chỉ đăng ký',
    ]);
    fixedRows.push([
      unitId,
      'Hộ gia đình',
      'Trần Thị Út',
      '0909 333 444',
      '7 Ấp 3',
      10.6132,
      106.6022,
      90,
      90,
      30,
      'Có',
      new Date(Date.UTC(2026, 11, 1)),
      'Chỉ đăng ký',
    ]);
    for (const r of fixedRows) sheet.addRow(inTemplateOrder(r));
    const xlsx = Buffer.from(await book.xlsx.writeBuffer());
    await page.locator('[data-testid=private-import-file]').setInputFiles({
      name: 'phuoc-loi.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: xlsx,
    });
    await page.locator('[data-testid=private-import-send]').click();
    const done = page.locator('[data-testid=private-import-done]');
    await done.waitFor({ timeout: 10_000 });
    expect(await done.getAttribute('data-imported')).toBe('2');
    await expect.poll(() => count.getAttribute('data-count'), { timeout: 10_000 }).toBe(String(before + 2));
    const rows = await hub.db.query<{ owner_name: string; bearing_deg: number; consent_date: string; registered_by: string }>(
      `SELECT owner_name, bearing_deg, to_char(consent_date, 'YYYY-MM-DD') AS consent_date, registered_by
         FROM private_cameras WHERE owner_name IN ('Lê Văn Tám', 'Trần Thị Út') ORDER BY owner_name`,
    );
    expect(rows.rows).toEqual([
      { owner_name: 'Lê Văn Tám', bearing_deg: 45, consent_date: '2026-12-01', registered_by: 'police' },
      { owner_name: 'Trần Thị Út', bearing_deg: 90, consent_date: '2026-12-01', registered_by: 'police' },
    ]);
    violations.push(...(await axeViolations(page, 'import done at 390 px')));
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(violations).toEqual([]);
    await page.close();
  }, 120_000);

  it('passes axe-core on a wall screen with the edit form, its view map and the import open; places a camera by a tap; erases one', async () => {
    const page = await browser!.page({ width: 1920, height: 1080 });
    await page.goto(`${hub.httpUrl}/#/private-cameras`);
    const count = page.locator('[data-testid=private-count]');
    await count.waitFor({ timeout: 20_000 });
    const before = Number(await count.getAttribute('data-count'));
    const violations: string[] = [];
    for (const lang of ['vi', 'en'] as const) {
      await setLanguage(page, lang);
      const row = page.locator('li[data-private-id]', { hasText: 'Trần Thị Út' });
      await row.locator('[data-testid=private-edit]').click();
      await row.locator('[data-testid=private-aim-handle]').waitFor();
      await page.locator('[data-testid=private-import-open]').click();
      await page.locator('[data-testid=private-import]').waitFor();
      violations.push(...(await axeViolations(page, `edit form and import, wall screen, ${lang}`)));
      await row.locator('[data-testid=private-cancel]').click();
      await page.locator('[data-testid=private-import] button[type=button]').click();
    }
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1920);
    expect(violations).toEqual([]);

    // A new camera with no position yet: a tap on the view map places it there, and the aim handle appears.
    await page.locator('[data-testid=private-add]').click();
    const form = page.locator('[data-testid=private-form]');
    expect(await form.locator('[data-testid=private-aim-handle]').count()).toBe(0);
    await form.locator('.view-picker-map').click({ position: { x: 300, y: 150 } });
    await expect.poll(() => form.locator('[data-testid=private-lat]').inputValue()).toMatch(/^\d+\.\d{6}$/);
    expect(await form.locator('[data-testid=private-lon]').inputValue()).toMatch(/^\d+\.\d{6}$/);
    await form.locator('[data-testid=private-aim-handle]').waitFor();
    // The square moves by keyboard too, and says how: arrows 5 m, Shift+arrows 1 m (north up, east right).
    const marker = form.locator('[data-testid=private-camera-marker]');
    expect(await marker.getAttribute('aria-label')).toMatch(/arrow keys move it/);
    const [lat0, lon0] = await Promise.all(
      ['lat', 'lon'].map(async (f) => Number(await form.locator(`[data-testid=private-${f}]`).inputValue())),
    );
    await marker.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect
      .poll(async () => Number(await form.locator('[data-testid=private-lat]').inputValue()))
      .toBeCloseTo(lat0! + 10 / 111_195, 5);
    expect(Number(await form.locator('[data-testid=private-lon]').inputValue())).toBeCloseTo(lon0!, 6);
    await page.keyboard.press('Shift+ArrowLeft');
    const metresPerDegLon = 111_195 * Math.cos((lat0! * Math.PI) / 180);
    await expect
      .poll(async () => Number(await form.locator('[data-testid=private-lon]').inputValue()))
      .toBeCloseTo(lon0! - 1 / metresPerDegLon, 6);
    // Still focused after the map redrew it, so the next press keeps moving it.
    expect(await page.evaluate('document.activeElement?.dataset.testid')).toBe('private-camera-marker');
    await form.locator('[data-testid=private-cancel]').click();

    const row = page.locator('li[data-private-id]', { hasText: 'Trần Thị Út' });
    await row.locator('[data-testid=private-erase]').click();
    await row.locator('[data-testid=private-erase-reason]').fill('Owner request no. 4');
    await row.locator('[data-testid=private-erase-confirm]').click();
    await expect.poll(() => count.getAttribute('data-count'), { timeout: 10_000 }).toBe(String(before - 1));
    expect((await hub.db.query(`SELECT 1 FROM private_cameras WHERE owner_name = 'Trần Thị Út'`)).rows).toHaveLength(0);
    await page.close();
  }, 120_000);

  it('aims the view by dragging the ring with a finger on a 390 px phone (touch emulation)', async () => {
    const page = await browser!.page({ width: 390, height: 844 });
    // Chromium's own touch emulation: the page sees a touch screen, and the drag below arrives as touch events.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
    await page.goto(`${hub.httpUrl}/#/private-cameras`);
    expect(await page.evaluate('navigator.maxTouchPoints')).toBe(5);
    const row = page.locator('li[data-private-id]', { hasText: 'Lê Văn Tám' });
    await row.locator('[data-testid=private-edit]').click();
    await row.locator('[data-testid=private-aim-handle]').waitFor();
    await row.locator('[data-testid=private-view-map]').scrollIntoViewIfNeeded();
    const cam = await centreOf(page, '[data-testid=private-camera-marker]');
    const ring = await centreOf(page, '[data-testid=private-aim-handle]');
    const finger = (type: 'touchStart' | 'touchMove' | 'touchEnd', x?: number, y?: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: x === undefined ? [] : [{ x, y: y!, id: 1 }] });
    // From the ring (facing north-east, 45°) round to due west of the camera, 80 px out.
    await finger('touchStart', ring.x, ring.y);
    const to = { x: cam.x - 80, y: cam.y };
    for (let i = 1; i <= 10; i++) await finger('touchMove', ring.x + ((to.x - ring.x) * i) / 10, ring.y + ((to.y - ring.y) * i) / 10);
    await finger('touchEnd');
    await expect.poll(async () => Number(await row.locator('[data-testid=private-bearing]').inputValue())).toBeGreaterThanOrEqual(268);
    expect(Number(await row.locator('[data-testid=private-bearing]').inputValue())).toBeLessThanOrEqual(272);
    // The camera did not move: the finger took the ring, not the square or the map.
    const after = await centreOf(page, '[data-testid=private-camera-marker]');
    expect(Math.abs(after.x - cam.x) + Math.abs(after.y - cam.y)).toBeLessThan(2);
    await row.locator('[data-testid=private-cancel]').click();
    await cdp.detach();
    await page.close();
  }, 60_000);

  it('keeps the top bar clear with a long Vietnamese name on a wall screen and a laptop: nothing overlaps, the full name in a title', async () => {
    const page = await browser!.page({ width: 1920, height: 1080 });
    await page.context().clearCookies();
    await signIn(page, hub.httpUrl!, 'police-long');
    await page.locator('[data-nav=private]').first().waitFor({ state: 'attached' });
    const problems: string[] = [];
    for (const lang of ['vi', 'en'] as const) {
      await setLanguage(page, lang);
      for (const width of [1920, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await page.waitForTimeout(150);
        const items = await rectsOf(
          page,
          '.top-bar .brand, .nav > a, .nav-more-list a, .nav-more-toggle, .top-bar .live-indicator, .top-bar .language-switch, .top-bar .user, [data-testid=logout]',
        );
        // On the wall every page is a link in the bar, "Camera tư nhân" last; below it they sit behind "more".
        const names = items.map((i) => i.name).join(' | ');
        if (width === 1920) expect(names, `${lang} ${width}px`).toMatch(/private:/);
        expect(names, `${lang} ${width}px`).toMatch(/user:/);
        for (let a = 0; a < items.length; a++)
          for (let b = a + 1; b < items.length; b++)
            if (intersects(items[a]!, items[b]!)) problems.push(`${lang} ${width}px: ${items[a]!.name} overlaps ${items[b]!.name}`);
        // The nav's links fit inside the nav (with `min-width: 0` it could shrink under them and let them spill over the tools).
        const spill = (await page.evaluate(
          `(() => { const n = document.querySelector('.nav'); return n.scrollWidth - n.clientWidth; })()`,
        )) as number;
        if (spill > 1) problems.push(`${lang} ${width}px: the nav's links spill ${spill} px out of it`);
        const bar = (await rectsOf(page, '.top-bar'))[0]!;
        for (const i of items) if (i.right > bar.right + 0.5) problems.push(`${lang} ${width}px: ${i.name} sticks out of the bar`);
      }
    }
    // The name may be cut short on screen; all of it stays readable on hover and to a screen reader.
    expect(await page.locator('.top-bar .user').getAttribute('title')).toContain(LONG_NAME);
    expect(problems).toEqual([]);
    await setLanguage(page, 'vi');
    await page.close();
  }, 60_000);

  it('lets a province viewer read the register but offers no edit, import or erasure', async () => {
    const page = await browser!.page({ width: 390, height: 844 });
    await page.context().clearCookies();
    await signIn(page, hub.httpUrl!, 'viewer');
    await page.goto(`${hub.httpUrl}/#/private-cameras`);
    const count = page.locator('[data-testid=private-count]');
    await count.waitFor({ timeout: 20_000 });
    expect(Number(await count.getAttribute('data-count'))).toBeGreaterThan(0);
    for (const control of ['private-add', 'private-import-open', 'private-edit', 'private-erase'])
      expect(await page.locator(`[data-testid=${control}]`).count(), control).toBe(0);
    // Nor the owners' contact (private_camera.contact).
    expect(await page.locator('[data-testid=private-owner]').count()).toBe(0);
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
