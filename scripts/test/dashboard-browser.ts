import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../src/bench/map-bench.ts';

export interface Browser {
  context: BrowserContext;
  /** A new page; browser console errors and page errors are collected into `errors`. */
  page(viewport?: { width: number; height: number }): Promise<Page>;
  errors: string[];
  close(): Promise<void>;
}

/** One headless Chromium with a fresh profile directory, removed on close. */
export async function launchChromium(options: { acceptDownloads?: boolean } = {}): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'camwatch-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    acceptDownloads: options.acceptDownloads ?? true,
    locale: 'vi-VN',
    timezoneId: 'Europe/London',
  });
  const errors: string[] = [];
  return {
    context,
    errors,
    async page(viewport) {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`);
      });
      return page;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
