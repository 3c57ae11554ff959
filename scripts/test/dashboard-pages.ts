import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { Browser } from './dashboard-browser.ts';
import { PASSWORD, type DashboardStack } from './dashboard-stack.ts';

/** Page helpers shared by the dashboard's browser tests. */

/** Signs in on `page`; `fresh` forgets the profile's session first (one profile serves a whole file). */
export async function login(stack: DashboardStack, browser: Browser, page: Page, username: string, fresh = true): Promise<void> {
  if (fresh) await browser.context.clearCookies();
  await page.goto(stack.url);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-first-render="done"]', { state: 'attached', timeout: 30_000 });
}

export async function apiToken(stack: DashboardStack, username: string): Promise<string> {
  const r = await fetch(`${stack.url}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (r.status !== 200) throw new Error(`token for ${username}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

export async function apiGet<T>(stack: DashboardStack, token: string, path: string): Promise<T> {
  const r = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** The dashboard's language, switched with its own button (remembered on the device). */
export async function setLanguage(page: Page, lang: 'vi' | 'en'): Promise<void> {
  if ((await page.getAttribute('html', 'lang')) === lang) return;
  await page.click('[data-testid=language-switch]');
  await page.waitForFunction(`document.documentElement.lang === ${JSON.stringify(lang)}`);
}

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export function intersects(a: Rect, b: Rect, tolerance = 0.5): boolean {
  return a.left < b.right - tolerance && b.left < a.right - tolerance && a.top < b.bottom - tolerance && b.top < a.bottom - tolerance;
}

/**
 * In-page scripts are strings: the page has the DOM, this package's TypeScript does not.
 * `rectsOf(selector)` answers the visible boxes of the matching elements with a short name each.
 */
export const RECTS_OF = `(selector) => [...document.querySelectorAll(selector)].flatMap((el) => {
  const r = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  if (r.width < 1 || r.height < 1 || style.visibility === 'hidden' || style.display === 'none') return [];
  const name = (el.getAttribute('data-nav') || el.getAttribute('data-testid') || el.className || el.tagName) + ':' + (el.textContent || '').trim().slice(0, 30);
  return [{ name, left: r.left, top: r.top, right: r.right, bottom: r.bottom }];
})`;

export async function rectsOf(page: Page, selector: string): Promise<Array<Rect & { name: string }>> {
  return page.evaluate(`(${RECTS_OF})(${JSON.stringify(selector)})`);
}

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Runs axe-core's WCAG 2 A/AA rules on the page as it is; answers the violations, readably. */
export async function axeViolations(page: Page, where: string): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.addScriptTag({ path: AXE_PATH });
  const result = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] })`,
  )) as { violations: Array<{ id: string; help: string; nodes: Array<{ target: string[]; failureSummary?: string }> }> };
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${where}: ${v.id} (${v.help}) at ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`),
  );
}
