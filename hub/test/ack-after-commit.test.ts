import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresTarget } from './support/databases.ts';
import { StationScript } from './support/fixtures.ts';
import { counter, HubHarness, publish, until } from './support/hub-harness.ts';

/**
 * QoS 1 is acknowledged to the broker only after commit: a message received but not yet
 * committed when the connection drops is redelivered by the broker and stored once.
 */
describe('acknowledgement after commit (real Mosquitto, real PostgreSQL)', () => {
  const h = new HubHarness('mosquitto', postgresTarget());
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('redelivers a message whose batch had not committed when the broker connection dropped', async () => {
    const hub = h.hub;
    const station = await h.station('ST-1', { reconnectPeriod: 500 });
    const st = new StationScript('ST-1', 'boot-ST-1-ack');
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    // Hold the table so the hub's batch cannot commit.
    const blocker = hub.db.transaction(async (tx) => {
      await tx.query('LOCK TABLE health_samples IN ACCESS EXCLUSIVE MODE');
      locked();
      await released;
    });
    await isLocked;
    try {
      await publish(station, 'health', { stationId: 'ST-1' }, st.health(Date.now()));
      await until(async () => (await counter(hub.metrics.received, { kind: 'health' })) === 1, 10_000, 'hub received the message');
      expect(hub.subscriber.pendingAcks).toBe(1);

      // The broker restarts (persistent session and in-flight message kept): the unacknowledged message comes again.
      await h.mosquitto!.restart();
      await until(async () => (await counter(hub.metrics.received, { kind: 'health' })) === 2, 20_000, 'redelivery after reconnect');
    } finally {
      release();
      await blocker;
    }
    await until(async () => (await counter(hub.metrics.duplicates, { kind: 'health' })) === 1, 10_000, 'both copies written');
    const rows = await hub.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM health_samples WHERE boot_id = 'boot-ST-1-ack'`);
    expect(rows.rows[0]!.n).toBe(1);
    expect(await counter(hub.metrics.stored, { kind: 'health' })).toBe(1);
    await until(() => hub.subscriber.pendingAcks === 0, 5_000, 'acks sent');

    // Now acknowledged: another broker restart brings nothing back.
    await h.mosquitto!.restart();
    await until(() => hub.subscriber.connected, 20_000, 'hub reconnected');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await counter(hub.metrics.received, { kind: 'health' })).toBe(2);
  });
});
