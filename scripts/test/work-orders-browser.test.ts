import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '@camwatch/hub';
import { launchChromium, type Browser } from './dashboard-browser.ts';
import { axeViolations, setLanguage } from './dashboard-pages.ts';
import { signIn, startHubOnPostgres, type HubOnPostgres } from './hub-on-postgres.ts';

/**
 * Work orders in a real Chromium against the real hub and PostgreSQL, as the commune police:
 * open one from the station panel (a second for the same fault is refused and links to the
 * first), take it, move it through its states, record the contractor and the cost, find it
 * under "mine", and on a 390 px phone in Vietnamese and English pass axe-core's audit.
 */
describe('work orders in the dashboard, as commune police', () => {
  let stack: HubOnPostgres;
  let hub: Hub;
  let browser: Browser | undefined;
  let stationId = '';
  let cameraId = '';
  let otherStationId = '';

  beforeAll(async () => {
    stack = await startHubOnPostgres({ hubId: 'orders-ui', seed: 7, cameras: 12 });
    hub = stack.hub;
    const station = stack.inventory.stations[0]!;
    stationId = station.id;
    cameraId = stack.inventory.cameras.find((c) => c.stationId === stationId)!.id;
    otherStationId = stack.inventory.stations.find((s) => s.unitId !== station.unitId)!.id;
    await stack.addUser('police', 'commune', [station.unitId]);
    // A colleague of the same commune, and one of another: only the first may be given the order.
    await stack.addUser('police-colleague', 'commune', [station.unitId]);
    await stack.addUser('police-elsewhere', 'commune', [stack.inventory.stations.find((s) => s.id === otherStationId)!.unitId]);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('opens an order from the station panel, refuses a second for the same fault, and moves it to repaired', async () => {
    const page = await browser!.page({ width: 390, height: 844 });
    await signIn(page, hub.httpUrl!, 'police');
    const errorsBefore = browser!.errors.length;

    await page.goto(`${hub.httpUrl}/#/station/${encodeURIComponent(stationId)}`);
    await page.locator(`[data-testid="open-order-${cameraId}"]`).click();
    const detail = page.locator('[data-testid=order-detail]');
    await detail.waitFor({ timeout: 20_000 });
    expect(page.url()).toMatch(/#\/work-orders\/\d+$/);
    const orderId = Number(await detail.getAttribute('data-order-id'));
    expect(await page.locator('[data-testid=order-state]').textContent()).toBe('Mới');

    // The same camera again: the hub keeps one open order per fault, and the button links to it.
    await page.goto(`${hub.httpUrl}/#/station/${encodeURIComponent(stationId)}`);
    await page.locator(`[data-testid="open-order-${cameraId}"]`).click();
    const exists = page.locator('.open-order .notice a');
    await exists.waitFor({ timeout: 10_000 });
    expect(await exists.textContent()).toContain(`phiếu số ${orderId}`);
    await exists.click();
    await detail.waitFor();

    const state = page.locator('[data-testid=order-state]');
    await page.locator('[data-testid=assign-to-me]').click();
    await expect.poll(() => state.textContent(), { timeout: 10_000 }).toBe('Đã giao');
    await page.locator('button[data-move=in_progress]').click();
    await expect.poll(() => state.textContent(), { timeout: 10_000 }).toBe('Đang sửa');
    // The police cannot verify: only the hub does, so there is no such button.
    expect(await page.locator('button[data-move=verified]').count()).toBe(0);

    // Hand it to a colleague: the list offers the people whose area holds the order, and nobody else.
    const picker = page.locator('[data-testid=order-assignee]');
    await picker.locator('option', { hasText: 'police-colleague' }).waitFor({ state: 'attached', timeout: 10_000 });
    const offered = await picker.locator('option').allTextContents();
    expect(offered.some((o) => o.startsWith('police-colleague'))).toBe(true);
    expect(offered.some((o) => o.startsWith('police-elsewhere'))).toBe(false);
    await picker.selectOption({ label: offered.find((o) => o.startsWith('police-colleague'))! });
    await expect
      .poll(
        async () =>
          (
            await hub.db.query<{ username: string }>(
              'SELECT u.username FROM work_orders w JOIN users u ON u.id = w.assignee_user_id WHERE w.id = $1',
              [orderId],
            )
          ).rows[0]?.username,
        { timeout: 10_000 },
      )
      .toBe('police-colleague');

    // The printed phiếu, as the technician carries it.
    const printHref = await page.locator('[data-testid=order-print]').getAttribute('href');
    const printPage = await page.context().newPage();
    await printPage.goto(`${hub.httpUrl}${printHref}`);
    expect(await printPage.locator('h1').textContent()).toBe('PHIẾU SỬA CHỮA CAMERA');
    expect(await printPage.locator('body').textContent()).toContain('police-colleague');
    await printPage.close();

    await page.getByLabel('Tên thợ').fill('Anh Tư điện lạnh');
    await page.getByLabel('Số điện thoại').fill('0909 123 456');
    await page.getByLabel('Chi phí (VND)').fill('850000');
    await page.locator('[data-testid=order-save]').click();
    await expect.poll(() => page.locator('[data-testid=order-message]').textContent(), { timeout: 10_000 }).toBe('Đã lưu');
    await page.locator('button[data-move=repaired]').click();
    await expect.poll(() => state.textContent(), { timeout: 10_000 }).toBe('Đã sửa');

    const stored = await hub.db.query<{ state: string; assignee_name: string; cost_vnd: string; assignee_user_id: string | null }>(
      'SELECT state, assignee_name, cost_vnd::text, assignee_user_id FROM work_orders WHERE id = $1',
      [orderId],
    );
    // Saving the contractor replaced "me" as the assignee; the cost and the state are stored.
    expect(stored.rows[0]).toMatchObject({
      state: 'repaired',
      assignee_name: 'Anh Tư điện lạnh',
      cost_vnd: '850000',
      assignee_user_id: null,
    });
    expect((await page.locator('[data-testid=order-history] li').allTextContents()).length).toBe(4);
    // Chromium logs the expected 409 of the second "open" as a failed resource; nothing else may show up.
    expect(browser!.errors.slice(errorsBefore).filter((e) => !/status of 409/.test(e))).toEqual([]);
    await page.close();
  }, 120_000);

  it('lists the order (and none of another commune), filters it, and passes axe-core at 390 px in Vietnamese and English', async () => {
    // Another commune's order, opened by the hub's own data: the police must not see it.
    await hub.db.query(
      `INSERT INTO work_orders (fault_key, station_id, source, state, priority, payer, opened_at, updated_at)
       VALUES ($1, $2, 'manual', 'new', 'normal', 'community', now(), now())`,
      [`station:${otherStationId}`, otherStationId],
    );
    const page = await browser!.page({ width: 390, height: 844 });
    await page.goto(`${hub.httpUrl}/#/work-orders`);
    const list = page.locator('[data-testid=orders-list]');
    const count = page.locator('[data-testid=orders-count]');
    await count.waitFor({ timeout: 20_000 });
    expect(await count.getAttribute('data-count')).toBe('1');
    expect(await list.locator('.order-item').getAttribute('data-state')).toBe('repaired');
    await page.locator('[data-testid=orders-overdue]').check();
    await expect.poll(() => count.getAttribute('data-count'), { timeout: 10_000 }).toBe('0');
    await page.locator('[data-testid=orders-overdue]').uncheck();
    await expect.poll(() => count.getAttribute('data-count'), { timeout: 10_000 }).toBe('1');

    const violations: string[] = [];
    for (const lang of ['vi', 'en'] as const) {
      await setLanguage(page, lang);
      await page.goto(`${hub.httpUrl}/#/work-orders`);
      await count.waitFor({ timeout: 20_000 });
      violations.push(...(await axeViolations(page, `work orders ${lang}`)));
      await list.locator('.order-item h3 a').first().click();
      await page.locator('[data-testid=order-detail]').waitFor({ timeout: 20_000 });
      violations.push(...(await axeViolations(page, `work order ${lang}`)));
    }
    expect(await page.locator('[data-testid=order-state]').textContent()).toBe('Repaired');
    // Nothing is wider than the phone.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(violations).toEqual([]);
    await page.close();
  }, 120_000);
});
