import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '@camwatch/hub';
import { RtspTestServer, waitUntil } from '@camwatch/testkit';
import { launchChromium, type Browser } from './dashboard-browser.ts';
import { signIn, startHubOnPostgres, type HubOnPostgres, type TestStation } from './hub-on-postgres.ts';

const HOUR = 3_600_000;

/**
 * "Snapshot now" end to end: the dashboard's request to the hub's API (real PostgreSQL, embedded
 * broker), the command over MQTT to the real agent core, ffmpeg grabbing a frame from the
 * GStreamer RTSP camera, the agent's commandReply and snapshot back through the hub's ingest.
 */
describe('a command from the hub to the real agent core and a real RTSP camera', () => {
  let stack: HubOnPostgres;
  let rtsp: RtspTestServer;
  let hub: Hub;
  let box: TestStation | undefined;
  let api: Awaited<ReturnType<HubOnPostgres['api']>>;
  let stationId = '';
  let cameraId = '';
  let browser: Browser | undefined;

  beforeAll(async () => {
    [stack, rtsp] = await Promise.all([startHubOnPostgres({ hubId: 'commands', seed: 7, cameras: 6 }), new RtspTestServer().start()]);
    hub = stack.hub;
    stationId = stack.inventory.stations[0]!.id;
    cameraId = stack.inventory.cameras.find((c) => c.stationId === stationId)!.id;
    await stack.addUser('admin', 'province_admin', []);
    // The commune police of the station's commune: may ask for a snapshot, not reboot a camera.
    await stack.addUser('police', 'commune', [stack.inventory.stations[0]!.unitId]);
    api = await stack.api('admin');

    box = await stack.startStation({
      stationId,
      cameraId,
      rtspUrl: rtsp.url('ok'),
      outboxFile: 'outbox.db',
      // Nothing scheduled gets in the way: the only snapshot after start-up is the one the command asks for.
      intervals: { healthMs: HOUR, probeMs: HOUR, pictureCheckMs: HOUR, statusRefreshMs: HOUR, snapshotMs: HOUR },
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await box?.stop();
    await stack?.stop();
    await rtsp?.stop();
  });

  const commandSnapshots = async () =>
    (await hub.db.query<{ n: number }>("SELECT count(*)::int AS n FROM snapshots WHERE camera_id = $1 AND trigger = 'command'", [cameraId]))
      .rows[0]!.n;

  it('POST snapshot → delivered → ok, and a new snapshot of that camera is stored', async () => {
    expect(await commandSnapshots()).toBe(0);
    const t0 = performance.now();
    const sent = await api('POST', `/api/stations/${stationId}/commands`, { kind: 'snapshot', cameraId });
    expect(sent.status).toBe(200);
    const id = sent.json.id as string;
    const seen = new Set<string>([sent.json.state as string]);
    let replyMs = 0;
    await waitUntil(
      async () => {
        const s = (await api('GET', `/api/commands/${id}`)).json.state as string;
        seen.add(s);
        if (s === 'ok' || s === 'failed') replyMs = performance.now() - t0;
        return s === 'ok' || s === 'failed';
      },
      { timeoutMs: 30_000, everyMs: 20, what: 'command reply' },
    );
    const c = (await api('GET', `/api/commands/${id}`)).json;
    expect(c.state, String(c.message)).toBe('ok');
    expect(c.message).toBe('1/1 snapshots queued');
    expect(c.deliveredAt).toEqual(expect.any(Number));
    expect(seen.has('queued') || seen.has('delivered')).toBe(true);
    await waitUntil(async () => (await commandSnapshots()) === 1, { timeoutMs: 30_000, everyMs: 20, what: 'command snapshot stored' });
    const snapshotMs = performance.now() - t0;
    // The station panel shows it as the camera's latest.
    const panel = (await api('GET', `/api/stations/${stationId}`)).json as {
      cameras: { id: string; latestSnapshot: { takenAt: number } | null }[];
    };
    expect(panel.cameras.find((x) => x.id === cameraId)!.latestSnapshot?.takenAt).toBeGreaterThanOrEqual(c.issuedAt as number);
    console.log(
      JSON.stringify({
        test: 'hub-command-round-trip',
        kind: 'snapshot',
        postToReplyMs: Math.round(replyMs),
        postToSnapshotStoredMs: Math.round(snapshotMs),
      }),
    );
  }, 60_000);

  it('in Chromium, commune police press "Chụp ảnh ngay" on a camera, see the state become done and the new picture in the panel', async () => {
    browser = await launchChromium();
    const page = await browser.page({ width: 1366, height: 900 });
    await signIn(page, hub.httpUrl!, 'police');
    // The signed-out first load answers 401 (expected, the login page follows); what comes after must be clean.
    const errorsBefore = browser.errors.length;
    await page.goto(`${hub.httpUrl}/#/station/${encodeURIComponent(stationId)}`);
    const card = page.locator(`.camera-card[data-camera-id="${cameraId}"]`);
    await card.waitFor({ timeout: 20_000 });
    const buttons = card.locator(`[data-testid="commands-${cameraId}"] button`);
    // The role decides the buttons: looking yes, rebooting no.
    expect(await buttons.evaluateAll((els) => els.map((e) => e.getAttribute('data-command')))).toEqual([
      'snapshot',
      'reprobe',
      'accept_reference',
    ]);
    expect(
      await page.locator('[data-testid=station-commands] button').evaluateAll((els) => els.map((e) => e.getAttribute('data-command'))),
    ).toEqual(['snapshot', 'reprobe', 'rediscover']);
    const before = await card.locator('img.latest-snapshot').getAttribute('src');
    const t0 = performance.now();
    await card.locator('button[data-command=snapshot]').click();
    await card.locator('[data-testid=command-state][data-state=ok]').waitFor({ timeout: 30_000 });
    const clickToDoneMs = performance.now() - t0;
    expect(await card.locator('[data-testid=command-state]').textContent()).toContain('Trạm đã thực hiện');
    // The panel re-reads the station: the camera's latest picture is the one the command took.
    await expect.poll(() => card.locator('img.latest-snapshot').getAttribute('src'), { timeout: 15_000 }).not.toBe(before);
    const shownMs = performance.now() - t0;
    expect(await commandSnapshots()).toBe(2);
    expect(browser.errors.slice(errorsBefore)).toEqual([]);
    console.log(
      JSON.stringify({
        test: 'hub-command-button',
        kind: 'snapshot',
        clickToOkShownMs: Math.round(clickToDoneMs),
        clickToNewPictureMs: Math.round(shownMs),
      }),
    );
  }, 120_000);
});
