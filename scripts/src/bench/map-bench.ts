import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapPayloadFromInventory } from '@camwatch/dashboard/dev/fixture-fleet';
import { startFixtureServer, type FixtureServer } from '@camwatch/dashboard/dev/fixture-server';
import { chromium, type BrowserContext } from 'playwright-core';
import { ensureDashboardBuilt } from '../dashboard-build.ts';
import { generateFleet } from '../fleet/generate-fleet.ts';

/**
 * `pnpm bench map`: the dashboard map against a plain Leaflet page (one L.circleMarker per
 * station on the canvas renderer) drawing the same stations, in headless Chromium. The fleet
 * of each size is the generated Long An model (real units, roads and station layout; beyond
 * 1,696 cameras its synthetic mode) with a seeded status mix, served from a static fixture. Per size: time to first full
 * render (navigation start → first canvas draw with data) and frame intervals during a
 * scripted tour of pans and zooms. Last line: the JSON results.
 */
/** Debian's Chromium, headless, with everything that would phone home switched off. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWPORT = { width: 1600, height: 900 };
const GOAL = { firstRenderMs: 2000, p95FrameMs: 50 };

type Step = { op: 'zoom'; z: number } | { op: 'pan'; dx: number; dy: number } | { op: 'view'; lat: number; lon: number; z: number };
/** Province view → district → commune (Tân An) → street (view cones) and back, panning at each level. */
const TOUR: Step[] = [
  { op: 'pan', dx: 300, dy: 0 }, { op: 'pan', dx: -300, dy: 150 }, { op: 'zoom', z: 10 }, { op: 'pan', dx: 400, dy: -200 },
  { op: 'zoom', z: 11 }, { op: 'pan', dx: -350, dy: 250 }, { op: 'zoom', z: 12 }, { op: 'pan', dx: 300, dy: 300 },
  { op: 'view', lat: 10.5354, lon: 106.4075, z: 14 }, { op: 'pan', dx: -400, dy: 0 }, { op: 'zoom', z: 16 }, { op: 'pan', dx: 250, dy: -250 },
  { op: 'zoom', z: 17 }, { op: 'pan', dx: -200, dy: 200 }, { op: 'zoom', z: 13 }, { op: 'zoom', z: 10 }, { op: 'pan', dx: 500, dy: 100 }, { op: 'zoom', z: 9 },
];

export interface PageFigures { firstRenderMs: number; medianFrameMs: number; p95FrameMs: number; maxFrameMs: number; frames: number; worstStep: string; longTasks: string }
export interface SizeResult {
  cameras: number;
  stations: number;
  payloadBytes: number;
  firstRenderMs: number;
  medianFrameMs: number;
  p95FrameMs: number;
  maxFrameMs: number;
  baselineFirstRenderMs: number;
  baselineMedianFrameMs: number;
  baselineP95FrameMs: number;
  baselineMaxFrameMs: number;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Loads `url`, waits for the first full render, then runs the tour on the page's Leaflet map.
 * Each page is loaded once unmeasured first, so both are measured warm (code cached and compiled).
 */
async function measurePage(context: BrowserContext, url: string, mapExpression: string): Promise<PageFigures> {
  const warmup = await context.newPage();
  await warmup.goto(url, { waitUntil: 'load' });
  await warmup.waitForSelector('[data-first-render="done"]', { timeout: 120_000, state: 'attached' });
  await warmup.close();
  const page = await context.newPage();
  try {
    page.on('pageerror', (error) => console.error(`page error at ${url}: ${error.message}`));
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('[data-first-render="done"]', { timeout: 120_000, state: 'attached' });
    const firstRenderMs = await page.evaluate("performance.getEntriesByName('camwatch:first-render')[0].startTime");
    await page.addScriptTag({ url: '/bench/probe.js' });
    await page.waitForTimeout(500);
    const tour = (await page.evaluate(`window.cwBench.tour(${mapExpression}, ${JSON.stringify(TOUR)})`)) as { frames: number[]; stepMax: number[]; longTasks: number[] };
    const longTaskMs = tour.longTasks.reduce((a, b) => a + b, 0);
    const worst = tour.stepMax.indexOf(Math.max(...tour.stepMax));
    return {
      firstRenderMs: round1(Number(firstRenderMs)),
      medianFrameMs: round1(percentile(tour.frames, 50)),
      p95FrameMs: round1(percentile(tour.frames, 95)),
      maxFrameMs: round1(Math.max(...tour.frames)),
      frames: tour.frames.length,
      worstStep: `${JSON.stringify(TOUR[worst])} ${round1(tour.stepMax[worst] ?? 0)} ms`,
      longTasks: `${tour.longTasks.length} over 50 ms, ${longTaskMs} ms in all`,
    };
  } finally {
    await page.close();
  }
}

function parseSizes(argv: string[]): number[] {
  const k = argv.indexOf('--cameras');
  const raw = k >= 0 ? argv[k + 1] : undefined;
  if (!raw) return [1696, 100_000];
  const sizes = raw.split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 1_000_000)) throw new Error(`--cameras wants a comma-separated list of counts, got ${raw}`);
  return sizes;
}

export async function runMapBench(sizes: number[]): Promise<SizeResult[]> {
  await ensureDashboardBuilt({ info: (message: string) => console.log(message) });
  const userDataDir = mkdtempSync(join(tmpdir(), 'camwatch-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, viewport: VIEWPORT });
  const results: SizeResult[] = [];
  try {
    for (const cameras of sizes) {
      const fleet = generateFleet({ seed: 1, cameras });
      const payload = mapPayloadFromInventory(fleet.inventory);
      const geo = { units: fleet.geo.units, roads: fleet.geo.roads };
      const me = { username: 'bench', displayName: 'Bench', role: 'province_viewer' as const, unitIds: [], language: 'vi' as const, sessionExpiresAt: Date.now() + 86_400_000 };
      const server: FixtureServer = await startFixtureServer(payload, me, geo);
      try {
        const app = await measurePage(context, `${server.url}/`, "document.querySelector('.leaflet-container').leafletMap");
        const base = await measurePage(context, `${server.url}/baseline.html`, 'window.map');
        const result: SizeResult = {
          cameras,
          stations: payload.stations.id.length,
          payloadBytes: Buffer.byteLength(JSON.stringify(payload)),
          firstRenderMs: app.firstRenderMs,
          medianFrameMs: app.medianFrameMs,
          p95FrameMs: app.p95FrameMs,
          maxFrameMs: app.maxFrameMs,
          baselineFirstRenderMs: base.firstRenderMs,
          baselineMedianFrameMs: base.medianFrameMs,
          baselineP95FrameMs: base.p95FrameMs,
          baselineMaxFrameMs: base.maxFrameMs,
        };
        console.log(`${cameras} cameras (${result.stations} stations, machine load ${loadavg()[0]!.toFixed(1)}): dashboard first render ${app.firstRenderMs} ms, frames median ${app.medianFrameMs} / p95 ${app.p95FrameMs} ms (${app.frames} frames, worst step ${app.worstStep}, long tasks ${app.longTasks}); plain Leaflet first render ${base.firstRenderMs} ms, median ${base.medianFrameMs} / p95 ${base.p95FrameMs} ms (worst step ${base.worstStep}, long tasks ${base.longTasks})`);
        results.push(result);
      } finally {
        await server.close();
      }
    }
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
  return results;
}

export default async function main(argv: string[]): Promise<void> {
  const results = await runMapBench(parseSizes(argv));
  const largest = results.at(-1);
  if (largest) {
    const ok = largest.firstRenderMs < GOAL.firstRenderMs && largest.p95FrameMs < GOAL.p95FrameMs;
    console.log(`goal at ${largest.cameras} cameras (first render < ${GOAL.firstRenderMs} ms, p95 frame < ${GOAL.p95FrameMs} ms): ${ok ? 'met' : 'NOT met'}`);
  }
  console.log(JSON.stringify({ results }));
}
