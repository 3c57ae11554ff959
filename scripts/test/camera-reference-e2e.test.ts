import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '@camwatch/hub';
import { RtspTestServer, waitUntil, type RtspMount } from '@camwatch/testkit';
import { launchChromium, type Browser } from './dashboard-browser.ts';
import { signIn, startHubOnPostgres, type HubOnPostgres, type TestStation } from './hub-on-postgres.ts';

const HOUR = 3_600_000;

/**
 * A camera's reference view through a box replacement and a person's re-aim, on the real parts:
 * the agent core with the ffmpeg prober on the GStreamer RTSP camera, the hub on PostgreSQL with its
 * embedded broker, and the dashboard in Chromium. The agent learns the view; the box is replaced
 * (fresh outbox) while the camera has been turned; the hub gives the held view back, so the turned
 * camera shows as "view changed" instead of its new view being learnt as normal; a person then
 * flags it, re-aims it and accepts the view in the dashboard.
 */
describe('camera references kept at the hub, with the real agent core and a real RTSP camera', () => {
  let stack: HubOnPostgres;
  let hub: Hub;
  let rtsp: RtspTestServer;
  let box: TestStation | undefined;
  let api: Awaited<ReturnType<HubOnPostgres['api']>>;
  let stationId = '';
  let cameraId = '';
  let browser: Browser | undefined;
  let learnt = '';

  const held = async () =>
    (
      await hub.db.query<{ frame_hash: string | null; origin: string }>(
        'SELECT frame_hash, origin FROM camera_references WHERE camera_id = $1',
        [cameraId],
      )
    ).rows[0] ?? null;
  const cameraOnHub = async () =>
    ((await api('GET', `/api/stations/${stationId}`)).json.cameras as { id: string; status: string; cause: string | null }[]).find(
      (c) => c.id === cameraId,
    )!;

  /** A station box: a fresh one has an empty outbox file (what a reinstall leaves). */
  async function startBox(mount: RtspMount, outboxFile: string): Promise<void> {
    await box?.stop();
    // Every probe looks at the picture; nothing else scheduled gets in the way.
    box = await stack.startStation({
      stationId,
      cameraId,
      rtspUrl: rtsp.url(mount),
      outboxFile,
      intervals: { healthMs: HOUR, probeMs: 1_000, pictureCheckMs: 1_000, statusRefreshMs: HOUR, snapshotMs: HOUR },
    });
  }

  beforeAll(async () => {
    [stack, rtsp] = await Promise.all([startHubOnPostgres({ hubId: 'references', seed: 11, cameras: 6 }), new RtspTestServer().start()]);
    hub = stack.hub;
    stationId = stack.inventory.stations[0]!.id;
    cameraId = stack.inventory.cameras.find((c) => c.stationId === stationId)!.id;
    await stack.addUser('admin', 'province_admin', []);
    api = await stack.api('admin');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await box?.stop();
    await stack?.stop();
    await rtsp?.stop();
  });

  it('keeps the view the agent learnt', async () => {
    await startBox('ok', 'first-box.db');
    await waitUntil(async () => (await held())?.frame_hash != null, { timeoutMs: 30_000, what: 'reference kept at the hub' });
    const first = (await held())!;
    expect(first.origin).toBe('learnt');
    learnt = first.frame_hash!;
    await waitUntil(async () => (await cameraOnHub()).status === 'ok', { timeoutMs: 30_000, what: 'camera ok' });
  }, 60_000);

  it('gives the held view back to a replacement box, so a camera turned meanwhile shows as turned', async () => {
    await startBox('turned', 'replacement-box.db');
    const restore = async () =>
      (
        await hub.db.query<{ state: string; message: string | null }>(
          "SELECT state, message FROM station_commands WHERE station_id = $1 AND kind = 'restore_reference' ORDER BY issued_at DESC LIMIT 1",
          [stationId],
        )
      ).rows[0];
    await waitUntil(async () => ['ok', 'failed'].includes((await restore())?.state ?? ''), { timeoutMs: 30_000, what: 'restore answered' });
    expect(await restore()).toMatchObject({ state: 'ok', message: `camera ${cameraId}: reference restored from the hub` });
    // The replacement's own first look (the turned view) did not replace the held one.
    expect(await held()).toMatchObject({ frame_hash: learnt, origin: 'learnt' });
    expect(box!.store.forStation(stationId).getReference(cameraId)).toBe(learnt);
    await waitUntil(async () => (await cameraOnHub()).cause === 'view_changed', { timeoutMs: 45_000, what: 'view changed on the hub' });
    expect((await cameraOnHub()).status).toBe('degraded');
  }, 90_000);

  it('in Chromium, a person flags the aim, then accepts the re-aimed view: the camera is ok and the flag cleared', async () => {
    browser = await launchChromium();
    const page = await browser.page({ width: 390, height: 844 });
    await signIn(page, hub.httpUrl!, 'admin');
    const errorsBefore = browser.errors.length;
    await page.goto(`${hub.httpUrl}/#/station/${encodeURIComponent(stationId)}`);
    const card = page.locator(`.camera-card[data-camera-id="${cameraId}"]`);
    await card.waitFor({ timeout: 20_000 });
    expect(await card.locator('.camera-status-line').textContent()).toContain('Camera bị xoay hướng');

    await card.getByRole('button', { name: 'Báo camera lắp sai hướng' }).click();
    await card.getByLabel('Camera đang nhìn sai thế nào?').fill('nhìn ra ruộng, không thấy QL1');
    await card.getByRole('button', { name: 'Gửi' }).click();
    await card.locator('.aim-flagged').waitFor({ timeout: 10_000 });
    expect(await card.locator('.aim-flagged').textContent()).toContain('nhìn ra ruộng, không thấy QL1');

    // The technician re-aims the camera at the turned scene's street: that view is now the right one.
    await card.locator('button[data-command=accept_reference]').click();
    // Asked twice: a stray tap does not hide a turned camera.
    await card.locator('[role=alertdialog]').waitFor();
    await card.locator('button[data-confirm=accept_reference]').click();
    await card.locator('[data-testid=command-state][data-state=ok]').waitFor({ timeout: 30_000 });
    await waitUntil(async () => (await held())?.origin === 'accepted' && (await held())?.frame_hash != null, {
      timeoutMs: 30_000,
      what: 'accepted view kept at the hub',
    });
    expect((await held())!.frame_hash).not.toBe(learnt);
    await waitUntil(async () => (await cameraOnHub()).status === 'ok', { timeoutMs: 30_000, what: 'camera ok again' });
    // Accepting the re-aimed view answered the flag.
    const panel = (await api('GET', `/api/stations/${stationId}`)).json.cameras as {
      id: string;
      aimFlag: unknown;
      reference: { origin: string } | null;
    }[];
    expect(panel.find((c) => c.id === cameraId)).toMatchObject({ aimFlag: null, reference: { origin: 'accepted' } });
    await page.reload();
    await card.locator('[data-origin=accepted]').waitFor({ timeout: 20_000 });
    expect(await card.locator('.aim-flagged').count()).toBe(0);
    const audit = (await api('GET', '/api/audit?action=camera.aim_flag')).json.items as { targetId: string }[];
    expect(audit.map((a) => a.targetId)).toContain(cameraId);
    expect(browser.errors.slice(errorsBefore)).toEqual([]);
  }, 120_000);
});
