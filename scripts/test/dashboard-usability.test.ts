import { readFile } from 'node:fs/promises';
import type { StationDetail } from '@camwatch/config';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Browser } from './dashboard-browser.ts';
import { apiGet, apiToken, axeViolations, intersects, login, rectsOf, setLanguage, type Rect } from './dashboard-pages.ts';
import { INTERVALS, startDashboardStack, type DashboardStack } from './dashboard-stack.ts';

/**
 * The dashboard as people use it (issue 19), in a real Chromium against the real hub and the
 * simulated Long An fleet: one hub for the whole file, pages grouped so each load checks several things.
 * The commune user is the police of Phước Lợi (23 stations); province staff see all 670.
 */
const WIDTHS = { phone: { width: 390, height: 844 }, laptop: { width: 1366, height: 768 }, wall: { width: 1920, height: 1080 } };

let stack: DashboardStack;
let browser: Browser;
let adminToken: string;
/** A station dark by a power cut and a camera killed elsewhere: a repair queue with both groups. */
let darkStation: string;

const fold = (t: string) => t.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();

beforeAll(async () => {
  stack = await startDashboardStack();
  browser = await launchChromium();
  adminToken = await apiToken(stack, stack.users.admin);
  // Alerts open at once (the default grace is 15 min), so a killed camera pops a toast.
  const patched = await fetch(`${stack.url}/api/alert-rules/camera_down`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ durationS: 0 }),
  });
  expect(patched.status).toBe(200);
  const outside = stack.inventory.stations.filter((s) => s.unitId !== stack.communeId);
  darkStation = outside[5]!.id;
  await stack.fleet.powerCut([darkStation]);
  await stack.fleet.killCamera([stack.inventory.cameras.find((c) => c.stationId === outside[40]!.id)!.id]);
}, 480_000);

// A failed test leaves its pages open, each holding a live stream: Chromium opens at most six
// connections to one host, so the next tests would wait forever. Close them all.
afterEach(async () => {
  for (const page of browser?.context.pages() ?? []) await page.close();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 120_000);

describe('dashboard as people use it (issue 19)', () => {
  it('item 2: the top bar never overlaps itself and every label can be clicked, in both languages, from 390 to 1,920 px', async () => {
    const page = await browser.page(WIDTHS.laptop);
    await login(stack, browser, page, stack.users.province);
    const problems: string[] = [];
    for (const lang of ['vi', 'en'] as const) {
      await setLanguage(page, lang);
      for (const width of [390, 1024, 1280, 1366, 1920]) {
        await page.setViewportSize({ width, height: width < 500 ? 844 : 900 });
        await page.waitForTimeout(150);
        const items = await rectsOf(
          page,
          '.top-bar .brand, .nav a, .top-bar .live-indicator, .top-bar .language-switch, .top-bar .user, [data-testid=logout]',
        );
        expect(items.length, `${lang} ${width}px`).toBeGreaterThanOrEqual(8);
        for (let a = 0; a < items.length; a++)
          for (let b = a + 1; b < items.length; b++)
            if (intersects(items[a]!, items[b]!)) problems.push(`${lang} ${width}px: ${items[a]!.name} overlaps ${items[b]!.name}`);
        // Each control answers a click at its centre (nothing lies on top of it) and lies inside the window.
        const unreachable: string[] = await page.evaluate(`[...document.querySelectorAll('.top-bar .brand, .nav a, .top-bar button')]
          .filter((el) => el.getBoundingClientRect().width > 0)
          .filter((el) => {
            const r = el.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return !hit || !el.contains(hit) || r.left < 0 || r.right > innerWidth || r.top < 0 || r.bottom > innerHeight;
          })
          .map((el) => el.textContent.trim())`);
        for (const label of unreachable) problems.push(`${lang} ${width}px: "${label}" cannot be clicked`);
      }
    }
    await setLanguage(page, 'vi');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the secondary pages sit behind "more" below wall width, open from it, and close it; inline on the wall', async () => {
    const page = await browser.page(WIDTHS.phone);
    await login(stack, browser, page, stack.users.province);
    const more = page.locator('[data-testid=nav-more]');
    const alerts = page.locator('[data-nav=alerts]');
    for (const size of [WIDTHS.phone, WIDTHS.laptop]) {
      await page.setViewportSize(size);
      await page.goto(`${stack.url}/#/`);
      expect(await alerts.isVisible(), `${size.width}px, closed`).toBe(false);
      await more.click();
      expect(await more.getAttribute('aria-expanded')).toBe('true');
      await alerts.click();
      await page.waitForURL(/#\/alerts$/);
      // Choosing closes the menu; the toggle then shows that the page is one of its own.
      expect(await more.getAttribute('aria-expanded')).toBe('false');
      expect(await alerts.isVisible()).toBe(false);
      expect(await more.getAttribute('class')).toContain('active');
    }
    await page.setViewportSize(WIDTHS.wall);
    expect(await more.isVisible()).toBe(false);
    expect(await alerts.isVisible()).toBe(true);
    await page.close();
  });

  it('item 3: search finds communes (with or without diacritics), roads and cameras, grouped, and shows every result', async () => {
    const page = await browser.page(WIDTHS.laptop);
    await login(stack, browser, page, stack.users.province);
    const search = page.locator('[data-testid=station-search]');
    for (const query of ['Hiệp Hòa', 'hiep hoa', 'Phước Lợi']) {
      await search.fill(query);
      const unit = page.locator('.search-group[data-group=communes] button[data-unit-id]');
      await expect
        .poll(() => unit.allTextContents(), { timeout: 10_000 })
        .toContainEqual(expect.stringContaining(query === 'Phước Lợi' ? 'Phước Lợi' : 'Hiệp Hòa'));
    }
    // Picking the commune shows it: its stations fill the view.
    await page.locator('.search-group[data-group=communes] button[data-unit-id=LA-BL-PL]').click();
    const mine = stack.inventory.stations.filter((s) => s.unitId === 'LA-BL-PL').map((s) => [s.lat, s.lon]);
    const inView = await page.evaluate(
      `${JSON.stringify(mine)}.filter((p) => document.querySelector('.leaflet-container').leafletMap.getBounds().contains(p)).length`,
    );
    expect(inView).toBe(mine.length);

    // "ấp 4" is in 47 station names: all of them can be reached.
    const expected = stack.inventory.stations.filter((s) => fold(s.name).includes('ap 4')).map((s) => s.id);
    expect(expected.length).toBeGreaterThan(8);
    await search.fill('ấp 4');
    const stations = page.locator('.search-group[data-group=stations]');
    expect(Number(await stations.getAttribute('data-count'))).toBeGreaterThanOrEqual(expected.length);
    await stations.locator('[data-show-all]').click();
    const shown = await stations.locator('button[data-station-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-station-id')));
    expect(shown).toEqual(expect.arrayContaining(expected));
    // The last one is reachable: the list scrolls, nothing covers it.
    const last = stations.locator('button[data-station-id]').last();
    await last.scrollIntoViewIfNeeded();
    const reachable = await last.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return el.contains(el.ownerDocument.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
    });
    expect(reachable).toBe(true);

    // A road and a camera id.
    await search.fill('QL1');
    await page.locator('.search-group[data-group=roads] button[data-road=QL1]').waitFor({ timeout: 10_000 });
    const camera = stack.inventory.cameras[100]!;
    await search.fill(camera.id.toLowerCase());
    await page.locator(`.search-group[data-group=cameras] button[data-camera-id="${camera.id}"]`).waitFor({ timeout: 10_000 });
    await page.close();
  });

  it('item 7: the repair page counts broken cameras exactly as the summary bar does, with dark stations as their own group', async () => {
    const token = adminToken;
    await expect
      .poll(async () => (await apiGet<StationDetail>(stack, token, `/api/stations/${darkStation}`)).status, {
        timeout: 120_000,
        interval: 2_000,
      })
      .toBe('offline');
    const page = await browser.page(WIDTHS.laptop);
    await login(stack, browser, page, stack.users.province);
    // Both figures at the same moment: read the summary, the repair page, the summary again, until the fleet holds still.
    await expect
      .poll(
        async () => {
          await page.goto(`${stack.url}/#/`);
          await page.waitForSelector('[data-testid=map-summary]');
          const before = await page.locator('[data-testid=map-summary]').getAttribute('data-down');
          await page.goto(`${stack.url}/#/repair`);
          const count = page.locator('[data-testid=repair-camera-count]');
          await count.waitFor({ timeout: 15_000 });
          const repair = await count.getAttribute('data-count');
          await page.goto(`${stack.url}/#/`);
          const after = await page.locator('[data-testid=map-summary]').getAttribute('data-down');
          return before === after ? Number(repair) - Number(before) : 'moving';
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(0);
    await page.goto(`${stack.url}/#/repair`);
    await page.locator(`[data-testid=repair-station-list] [data-station-id="${darkStation}"]`).waitFor({ timeout: 15_000 });
    // A dark station's cameras are not listed as broken cameras.
    const darkCameras = stack.inventory.cameras.filter((c) => c.stationId === darkStation).map((c) => c.id);
    for (const id of darkCameras) expect(await page.locator(`[data-testid=repair-list] [data-camera-id="${id}"]`).count()).toBe(0);
    await page.close();
  });

  it('items 5 and 6: uptime says "no data" for empty periods, scope as the reason, checks ranges before asking, in Vietnamese, and rounds minutes one way', async () => {
    const page = await browser.page(WIDTHS.laptop);
    await login(stack, browser, page, stack.users.province);
    const asked: string[] = [];
    let requests = 0;
    page.on('request', (r) => {
      if (!r.url().includes('/api/reports/uptime')) return;
      requests++;
      asked.push(r.url().replace(/.*\?/, ''));
    });
    page.on('response', (r) => r.url().includes('/api/reports/uptime') && asked.push(`→ ${r.status()}`));
    await page.goto(`${stack.url}/#/uptime`);
    await page.waitForSelector('[data-testid=uptime-table] tbody tr', { timeout: 30_000 });
    // From first: each commit must leave a range the page may ask for or refuse, as a person typing would.
    const setDates = async (from: string, to: string) => {
      await page.fill('[data-testid=uptime-from]', from);
      await page.press('[data-testid=uptime-from]', 'Enter');
      await page.fill('[data-testid=uptime-to]', to);
      await page.press('[data-testid=uptime-to]', 'Enter');
    };
    // Minutes: the table and the CSV round the same way (7 days, the fleet's real downtime).
    const cells = await page
      .locator('[data-testid=uptime-table] tbody tr:not([data-no-data])')
      .evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-unit-id'), r.querySelector('td[data-col=down]')?.textContent ?? '']));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=uptime-export]')]);
    const [csvHeader, ...csv] = (await readFile((await download.path())!, 'utf8')).slice(1).trimEnd().split('\r\n');
    // Columns by name: availability, uptime while reachable and coverage stand before the downtime (issue 14).
    const downColumn = csvHeader!.split(',').indexOf('Thời gian hỏng (min)');
    expect(downColumn).toBeGreaterThan(0);
    const csvMinutes = new Map(csv.map((line) => [line.split(',')[0], line.split(',')[downColumn]]));
    let compared = 0;
    for (const [unitId, text] of cells) {
      const m = /^(?:(\d+) giờ )?(\d+) phút$/.exec(text!);
      if (!m) continue; // a day or more is shown in days and hours
      expect(Number(csvMinutes.get(unitId!)), `${unitId}: table ${text}`).toBe(Number(m[1] ?? 0) * 60 + Number(m[2]));
      compared++;
    }
    expect(compared).toBeGreaterThan(0);

    // January 2024, before any data: every row and the period say "no data", none says 0 minutes.
    await setDates('01/01/2024', '31/01/2024');
    const shownFrom = () => page.locator('[data-testid=uptime-shown-range]').getAttribute('data-from');
    // On failure, say what the page said and asked.
    const expectShown = (from: string) =>
      expect
        .poll(shownFrom, { timeout: 10_000 })
        .toBe(from)
        .catch(async (e: unknown) => {
          const problems = await page.locator('[data-testid=uptime-problems]').textContent();
          const fields = await page
            .locator('[data-testid=uptime-from], [data-testid=uptime-to]')
            .evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
          throw new Error(`${String(e)}\nproblems: ${problems}\nfields: ${fields.join(' ')}\nasked: ${asked.slice(-3).join(' ')}`);
        });
    await expectShown('2024-01-01');
    await page.locator('[data-testid=uptime-no-data]').waitFor({ timeout: 10_000 });
    const rows = page.locator('[data-testid=uptime-table] tbody tr');
    expect(await rows.count()).toBeGreaterThan(100);
    expect(await page.locator('[data-testid=uptime-table] tbody tr:not([data-no-data])').count()).toBe(0);
    expect(await page.locator('[data-testid=uptime-table]').textContent()).not.toMatch(/\b0 phút/);
    // A future period too.
    const nextYear = new Date().getUTCFullYear() + 1;
    await setDates(`01/02/${nextYear}`, `10/02/${nextYear}`);
    await expectShown(`${nextYear}-02-01`);
    await page.locator('[data-testid=uptime-no-data]').waitFor({ timeout: 10_000 });

    // Over 400 days: not asked at all, said in Vietnamese, the last table stays with its range said, no retry of a request known to fail.
    const before = requests;
    await setDates('01/01/2024', '01/03/2025');
    const tooLong = page.locator('[data-problem=range]');
    await tooLong.waitFor({ timeout: 10_000 });
    expect(await tooLong.textContent()).toContain('tối đa là 400 ngày');
    await page.waitForTimeout(500);
    expect(requests).toBe(before);
    expect(await page.locator('[data-testid=uptime-shown-range]').getAttribute('data-from')).toBe(`${nextYear}-02-01`);
    expect(await page.locator('[data-testid=uptime-export]').isVisible()).toBe(true);
    expect(await page.getByText('Thử lại').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toMatch(/range longer|invalid|Bad Request/i);

    // An impossible date: said, and the table says which range it still shows.
    await page.click('.tabs button:first-child');
    await expect.poll(() => page.locator('[data-problem=range]').count(), { timeout: 10_000 }).toBe(0);
    const keptFrom = await shownFrom();
    await page.fill('[data-testid=uptime-from]', '31/02/2026');
    await page.press('[data-testid=uptime-from]', 'Enter');
    const bad = page.locator('[data-problem=date]');
    await bad.waitFor({ timeout: 10_000 });
    expect(await bad.textContent()).toContain('31/02/2026 không phải là ngày có thật');
    expect(await shownFrom()).toBe(keptFrom);
    await page.close();

    // A commune account asking for districts is told its scope is why, not "no data".
    const commune = await browser.page(WIDTHS.phone);
    await login(stack, browser, commune, stack.users.commune);
    await commune.goto(`${stack.url}/#/uptime`);
    await commune.waitForSelector('[data-testid=uptime-table] tbody tr', { timeout: 30_000 });
    await commune.selectOption('[data-testid=uptime-group]', 'district');
    const scope = commune.locator('[data-problem=scope]');
    await scope.waitFor({ timeout: 10_000 });
    expect(await scope.textContent()).toContain('Phước Lợi');
    expect(await commune.getByText('Không có dữ liệu cho giai đoạn này').count()).toBe(0);
    await commune.close();
  });

  it("issue 14: the uptime page links the month's programme report, printable, in the user's language", async () => {
    const page = await browser.page(WIDTHS.laptop);
    await login(stack, browser, page, stack.users.province);
    await page.goto(`${stack.url}/#/uptime`);
    const link = page.locator('[data-testid=programme-report]');
    await link.waitFor({ timeout: 30_000 });
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^\/api\/reports\/programme\.html\?period=month&date=\d{4}-\d{2}-\d{2}&lang=vi$/);
    expect(await page.locator('[data-testid=programme-csv]').getAttribute('href')).toBe(href.replace('.html', '.csv'));
    // The same session opens it: the province's heading and its "communes with cameras / all" (Long An: 112 of 192).
    await page.goto(`${stack.url}${href}`);
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).toContain('Tỉnh Long An');
    expect((await page.locator('td', { hasText: '/192' }).first().textContent())?.trim()).toMatch(/^\d{1,3}\/192$/);
    await page.close();
  });

  it('issue 14: the programme report page shows the printable figures, down the unit tree, at phone width', async () => {
    const page = await browser.page(WIDTHS.phone);
    await login(stack, browser, page, stack.users.province);
    await page.goto(`${stack.url}/#/uptime`);
    await page.locator('[data-testid=programme-page]').click();
    const units = page.locator('[data-testid=programme-units] tbody tr');
    await units.first().waitFor({ timeout: 30_000 });
    // The province first ("communes with cameras / all": 192 in Long An), then its districts and their communes.
    expect((await units.first().locator('td').nth(1).textContent())?.trim()).toMatch(/^\d{1,3}\/192$/);
    expect(await units.count()).toBeGreaterThan(192);
    const groups = await page
      .locator('[data-testid=programme-groups] tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-group')));
    expect(groups).toEqual(['QL1', 'N2', 'QL50', 'QL62', 'border']);
    // The printable page of the same choice, in the same language.
    expect(await page.locator('[data-testid=programme-print]').getAttribute('href')).toMatch(
      /^\/api\/reports\/programme\.html\?period=month&date=\d{4}-\d{2}-\d{2}&lang=vi$/,
    );
    await page.selectOption('[data-testid=programme-period]', 'year');
    await expect
      .poll(() => page.locator('[data-testid=programme-range]').getAttribute('data-from'), { timeout: 20_000 })
      .toMatch(/^\d{4}-01-01$/);
    // The page itself stays within the phone's width: the wide tables scroll inside their own box.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.close();
  });

  it('item 8: at province zoom no road sign covers a cluster and no two clusters overlap', async () => {
    const page = await browser.page(WIDTHS.laptop);
    await login(stack, browser, page, stack.users.province);
    await page.goto(`${stack.url}/#/`);
    const problems: string[] = [];
    let signsSeen = 0;
    const start = Number(await page.evaluate("document.querySelector('.leaflet-container').leafletMap.getZoom()"));
    for (let zoom = start; zoom <= 14; zoom++) {
      await page.evaluate(`new Promise((resolve) => {
        const map = document.querySelector('.leaflet-container').leafletMap;
        map.setZoom(${zoom}, { animate: false });
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 100)));
      })`);
      const drawn = (await page.evaluate("document.querySelector('.leaflet-container').cwDrawn")) as { clusters: Rect[]; signs: Rect[] };
      signsSeen += drawn.signs.length;
      const { clusters, signs } = drawn;
      for (let a = 0; a < clusters.length; a++)
        for (let b = a + 1; b < clusters.length; b++)
          if (intersects(clusters[a]!, clusters[b]!)) problems.push(`zoom ${zoom}: clusters ${a} and ${b} overlap`);
      for (const s of signs) for (const c of clusters) if (intersects(s, c)) problems.push(`zoom ${zoom}: a sign covers a cluster`);
    }
    expect(problems).toEqual([]);
    expect(signsSeen).toBeGreaterThan(0);
    await page.close();
  });

  it('item 9: the alert toast covers no control, on a phone and a laptop', async () => {
    const phone = await browser.page(WIDTHS.phone);
    await login(stack, browser, phone, stack.users.commune);
    const laptop = await browser.page(WIDTHS.laptop);
    await laptop.goto(`${stack.url}/#/alerts`);
    await laptop.waitForSelector('.alert-list, .alerts-page .muted', { timeout: 20_000 });
    await phone.waitForSelector('[data-live-state=open]', { timeout: 20_000 });
    await laptop.waitForSelector('[data-live-state=open]', { timeout: 20_000 });
    const mine = stack.inventory.stations.filter((s) => s.unitId === stack.communeId);
    const camera = stack.inventory.cameras.find((c) => c.stationId === mine[2]!.id)!;
    await stack.fleet.killCamera([camera.id]);
    for (const page of [phone, laptop]) {
      const toast = page.locator('.toast[role=alert]');
      await toast.waitFor({ timeout: 60_000 });
      const box = (await rectsOf(page, '.toast[role=alert]'))[0]!;
      const controls = await rectsOf(page, 'button, a, input, select, .map-controls, .legend, .leaflet-control, .map-summary');
      const covered = controls.filter((c) => !/^toast/.test(c.name) && intersects(box, c));
      // The toast's own link and close button are inside it.
      const own = await page.locator('.toast[role=alert] a, .toast[role=alert] button').count();
      expect(covered.length - own, JSON.stringify(covered.map((c) => c.name))).toBe(0);
    }
    await phone.close();
    await laptop.close();
  });

  it("item 4: in English alerts and the toast carry no Vietnamese; in Vietnamese the panel's events carry no raw English", async () => {
    // Vietnamese letters outside ASCII; station names are Vietnamese in both languages, so each check leaves the name out.
    const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;
    const nameOf = new Map(stack.inventory.stations.map((s) => [s.id, s.name]));
    const withoutName = (text: string, stationId: string) => text.split(nameOf.get(stationId)!).join('');
    const page = await browser.page(WIDTHS.laptop);
    await login(stack, browser, page, stack.users.province);
    await setLanguage(page, 'en');
    await page.goto(`${stack.url}/#/alerts`);
    await page.waitForSelector('[data-live-state=open]', { timeout: 20_000 });
    // The camera killed before the tests: its camera_down alert in the list.
    const killed = stack.inventory.cameras.find(
      (c) => c.stationId === stack.inventory.stations.filter((s) => s.unitId !== stack.communeId)[40]!.id,
    )!;
    const listed = page.locator('.alert-item', { hasText: killed.id }).locator('.alert-message').first();
    await listed.waitFor({ timeout: 60_000 });
    const listText = withoutName(await listed.innerText(), killed.stationId);
    expect(listText).toMatch(/since/);
    expect(listText, listText).not.toMatch(VIETNAMESE);

    // A new alert pops the toast in English.
    const another = stack.inventory.cameras.find(
      (c) => c.stationId === stack.inventory.stations.filter((s) => s.unitId !== stack.communeId)[60]!.id,
    )!;
    await stack.fleet.killCamera([another.id]);
    const toast = page.locator('.toast[role=alert]', { hasText: another.id });
    await toast.waitFor({ timeout: 60_000 });
    const toastText = withoutName(await toast.innerText(), another.stationId);
    expect(toastText).toMatch(/^New alert: Camera/);
    expect(toastText, toastText).not.toMatch(VIETNAMESE);

    // In Vietnamese, the panel of the killed camera's station: its events are named in Vietnamese, no raw payload.
    await setLanguage(page, 'vi');
    await page.goto(`${stack.url}/#/station/${killed.stationId}`);
    const events = page.locator('.station-panel ol.events li');
    await events.first().waitFor({ timeout: 20_000 });
    await expect
      .poll(() => page.locator('.station-panel ol.events li', { hasText: killed.id }).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    // Each line without its time and camera id (codes, not words).
    const lines: string[] = await page.evaluate(`[...document.querySelectorAll('.station-panel ol.events li')].map((li) =>
      [...li.childNodes].filter((n) => !['TIME', 'CODE'].includes(n.nodeName)).map((n) => n.textContent).join('').trim())`);
    const ENGLISH =
      /\b(message|down|ok|degraded|unknown|online|offline|started|agent|boot|reference|picture|set|dhash|unreachable|covered|frozen|stream|failing|connected|timeout)\b|[a-z]+_[a-z]+/i;
    const raw = lines.filter((l) => ENGLISH.test(l) || !VIETNAMESE.test(l));
    expect(raw, JSON.stringify(lines.slice(0, 10))).toEqual([]);
    await page.close();
  });

  it('item 10: focus goes somewhere sensible, Escape closes the panel, and the panel\'s "last heard" stays fresh', async () => {
    const page = await browser.page(WIDTHS.laptop);
    await login(stack, browser, page, stack.users.commune);
    const station = stack.inventory.stations.filter((s) => s.unitId === stack.communeId)[3]!;
    const active = () =>
      page.evaluate(
        "document.activeElement === document.body ? 'body' : (document.activeElement.closest('.station-panel') ? 'panel' : document.activeElement.tagName)",
      );
    const open = async () => {
      await page.fill('[data-testid=station-search]', station.id);
      await page.locator(`.search-results button[data-station-id="${station.id}"]`).first().focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector(`.station-panel[data-station-id="${station.id}"] h2`, { timeout: 15_000 });
    };
    await open();
    await expect.poll(active, { timeout: 10_000 }).toBe('panel');
    await page.keyboard.press('Escape');
    await page.waitForSelector('.station-panel', { state: 'detached', timeout: 10_000 });
    expect(await active()).not.toBe('body');
    await open();
    await page.focus('.panel-close');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.station-panel', { state: 'detached', timeout: 10_000 });
    expect(await active()).not.toBe('body');

    // "Last heard" follows the station's heartbeats while the panel stays open.
    await open();
    const token = await apiToken(stack, stack.users.commune);
    const shownAt = Number(await page.locator('[data-testid=last-seen]').getAttribute('data-ts'));
    let later = 0;
    await expect
      .poll(async () => (later = (await apiGet<StationDetail>(stack, token, `/api/stations/${station.id}`)).lastSeenAt ?? 0), {
        timeout: 3 * INTERVALS.healthMs,
      })
      .toBeGreaterThan(shownAt);
    await expect
      .poll(async () => Number(await page.locator('[data-testid=last-seen]').getAttribute('data-ts')), {
        timeout: 2 * INTERVALS.healthMs + 5_000,
      })
      .toBeGreaterThanOrEqual(later);

    // Acknowledge by keyboard: focus moves on to the next alert (or the heading), not to the page body.
    await page.goto(`${stack.url}/#/alerts`);
    const ack = page.locator('.alert-item[data-state=open] [data-testid=alert-ack]').first();
    await ack.waitFor({ timeout: 60_000 });
    await ack.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('document.activeElement === document.body'), { timeout: 10_000 }).toBe(false);
    await page.waitForTimeout(1_000);
    expect(await page.evaluate('document.activeElement === document.body')).toBe(false);
    await page.close();
  });

  it('item 1: a tab notices that another tab signed in as someone else', async () => {
    const a = await browser.page(WIDTHS.laptop);
    await login(stack, browser, a, stack.users.province);
    expect(await a.locator('.top-bar .user').textContent()).toBe('Cán bộ tỉnh');
    const b = await browser.page(WIDTHS.laptop);
    await b.goto(stack.url);
    await b.waitForSelector('[data-testid=logout]');
    await b.click('[data-testid=logout]');
    await login(stack, browser, b, stack.users.commune, false);
    const mine = stack.inventory.stations.filter((s) => s.unitId === stack.communeId).length;
    // Tab A: never the commune's stations under the province header; within seconds, the new user or the login page.
    const mixed: string[] = [];
    await expect
      .poll(
        async () => {
          const user = await a
            .locator('.top-bar .user')
            .textContent({ timeout: 1_000 })
            .catch(() => null);
          const stations = await a
            .locator('[data-testid=map-summary]')
            .getAttribute('data-stations', { timeout: 1_000 })
            .catch(() => null);
          if (user === 'Cán bộ tỉnh' && stations !== null && Number(stations) !== stack.inventory.stations.length)
            mixed.push(`${stations} stations under ${user}`);
          if (user === null) return (await a.locator('input[name=username]').count()) > 0 ? 'login page' : 'loading';
          return `${user} ${stations}`;
        },
        { timeout: 15_000, interval: 250 },
      )
      .toMatch(new RegExp(`^(login page|Công an xã ${mine})$`));
    expect(mixed).toEqual([]);
    await a.close();
    await b.close();
  });

  it('axe-core: every page passes WCAG 2 A/AA at 390, 1,366 and 1,920 px', async () => {
    const violations: string[] = [];
    const station = stack.inventory.stations.find((s) => s.unitId === stack.communeId)!;
    for (const [name, size] of Object.entries(WIDTHS)) {
      const page = await browser.page(size);
      await browser.context.clearCookies();
      await page.goto(stack.url);
      await page.waitForSelector('input[name=username]');
      violations.push(...(await axeViolations(page, `login ${name}`)));
      await login(stack, browser, page, stack.users.province, false);
      await page.waitForTimeout(300);
      violations.push(...(await axeViolations(page, `map ${name}`)));
      await page.goto(`${stack.url}/#/station/${station.id}`);
      await page.waitForSelector('.station-panel .camera-card', { timeout: 20_000 });
      violations.push(...(await axeViolations(page, `station panel ${name}`)));
      for (const route of ['repair', 'work-orders', 'uptime', 'programme', 'alerts', 'never']) {
        await page.goto(`${stack.url}/#/${route}`);
        await page.waitForSelector(`.list-page h1`, { timeout: 20_000 });
        await page.waitForFunction(`!document.querySelector('.list-page')?.textContent.includes('Đang tải')`, undefined, {
          timeout: 30_000,
        });
        violations.push(...(await axeViolations(page, `${route} ${name}`)));
      }
      await page.close();
    }
    expect(violations).toEqual([]);
    // Three widths × ten pages against the whole simulated fleet: more than the default two minutes on a busy machine.
  }, 300_000);

  it('shows no browser errors along the way', () => {
    // A signed-out start asks /api/me and gets the expected 401 (Chromium logs it as a failed resource).
    expect(browser.errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  });
});
