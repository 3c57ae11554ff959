import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, MosquittoServer } from '@camwatch/testkit';
import { createHub, type Hub } from '../src/hub.ts';
import { HubSubscriber } from '../src/mqtt/hub-subscriber.ts';
import { pgliteTarget } from './support/databases.ts';
import { DataDirInUseError, lockDataDir } from '../src/data-dir-lock.ts';
import { HubEnvError, hubOptionsFromEnv } from '../src/hub-env.ts';

describe('data directory lock', () => {
  let dir = '';
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuses a second owner with the first owner’s pid, and takes over a dead owner’s lock', async () => {
    dir = await mkdtemp(join(tmpdir(), 'camwatch-lock-'));
    const lock = await lockDataDir(dir);
    expect((await readFile(lock.path, 'utf8')).trim()).toBe(String(process.pid));
    await expect(lockDataDir(dir)).rejects.toThrow(DataDirInUseError);
    await expect(lockDataDir(dir)).rejects.toThrow(new RegExp(`in use by camwatch process ${process.pid}`));
    await lock.release();
    // A pid that cannot exist (above pid_max) stands for a crashed owner.
    await writeFile(join(dir, 'camwatch.lock'), '4194305\n');
    const again = await lockDataDir(dir);
    expect((await readFile(again.path, 'utf8')).trim()).toBe(String(process.pid));
    await again.release();
  });
});

describe('hub configuration from the environment', () => {
  it('reads every variable', () => {
    const o = hubOptionsFromEnv({
      DATABASE_URL: 'postgres://u@db:5432/camwatch',
      MQTT_URL: 'mqtts://broker:8883',
      MQTT_USERNAME: 'hub',
      MQTT_PASSWORD: 's3cret',
      PORT: '9000',
      DATA_DIR: '/var/lib/camwatch',
      HUB_ID: 'hub-a',
    });
    expect(o).toMatchObject({
      databaseUrl: 'postgres://u@db:5432/camwatch',
      mqttUrl: 'mqtts://broker:8883',
      mqttUsername: 'hub',
      httpPort: 9000,
      dataDir: '/var/lib/camwatch',
      hubId: 'hub-a',
    });
  });

  it('lists every problem at once and never echoes a secret', () => {
    let err: unknown;
    try {
      hubOptionsFromEnv({
        DATABASE_URL: 'mysql://x',
        MQTT_URL: 'mqtt://broker',
        MQTT_PASSWORD: 'hunter2',
        PORT: '99999',
        MQTT_PROTOCOL: '3',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HubEnvError);
    const msg = (err as Error).message;
    for (const name of ['DATABASE_URL', 'MQTT_USERNAME', 'PORT', 'MQTT_PROTOCOL']) expect(msg).toContain(name);
    expect(msg).not.toContain('hunter2');
  });
});

/** A TCP relay to the broker that cuts the first connection as soon as the client sends SUBSCRIBE. */
async function cutFirstSubscribe(brokerPort: number): Promise<{ port: number; cuts: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const state = {
    port: 0,
    cuts: 0,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
  const server = createServer((inbound) => {
    const outbound = connect(brokerPort, '127.0.0.1');
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('error', () => undefined);
    }
    inbound.on('data', (chunk: Buffer) => {
      // Fixed header: packet type 8 = SUBSCRIBE.
      if (state.cuts === 0 && chunk[0]! >> 4 === 8) {
        state.cuts++;
        inbound.destroy();
        outbound.destroy();
        return;
      }
      outbound.write(chunk);
    });
    outbound.on('data', (chunk: Buffer) => inbound.write(chunk));
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.port = (server.address() as AddressInfo).port;
  return state;
}

describe('hub subscriber start-up against a real Mosquitto that is late or drops', () => {
  const log = pino({ level: process.env.TEST_LOG ?? 'silent' });
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  function subscriber(url: string, listening: boolean[]): HubSubscriber {
    const sub = new HubSubscriber({
      url,
      clientId: `camwatch-hub-startup-${process.pid}-${listening.length}${Math.random().toString(16).slice(2, 6)}`,
      protocolVersion: 5,
      shareGroup: null,
      log,
      onMessage: (_packet, ticket, acks) => acks.settle(ticket),
      onDroppedAck: () => undefined,
      onListening: (on) => listening.push(on),
      backoff: { initialMs: 100, maxMs: 400 },
    });
    cleanup.push(() => sub.stop());
    return sub;
  }

  it('retries until the broker appears, then subscribes; reports not listening while the broker is gone and recovers', async () => {
    const broker = new MosquittoServer({ persistence: false });
    broker.port = await freePort();
    cleanup.push(() => broker.destroy());
    const listening: boolean[] = [];
    const sub = subscriber(broker.url, listening);
    let started = false;
    const starting = sub.start().then(() => {
      started = true;
    });
    // Several refused attempts (nothing listens yet): still starting, not connected, no failure.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(started).toBe(false);
    expect(sub.connected).toBe(false);
    await broker.start();
    await starting;
    expect(sub.connected).toBe(true);
    expect(listening).toEqual([true]);
    await broker.stop();
    await expect.poll(() => sub.connected, { timeout: 10_000 }).toBe(false);
    await broker.start();
    await expect.poll(() => sub.connected, { timeout: 15_000 }).toBe(true);
    expect(listening).toEqual([true, false, true]);
  });

  it('survives the connection dropping while it subscribes (it used to reject and the hub exited)', async () => {
    const broker = await new MosquittoServer({ persistence: false }).start();
    cleanup.push(() => broker.destroy());
    const relay = await cutFirstSubscribe(broker.port);
    cleanup.push(() => relay.close());
    const listening: boolean[] = [];
    const sub = subscriber(`mqtt://127.0.0.1:${relay.port}`, listening);
    await sub.start();
    expect(relay.cuts).toBe(1);
    expect(sub.connected).toBe(true);
    expect(listening).toEqual([true]);
  });

  it("fails fast when the broker refuses the hub's account (no retry fixes that)", async () => {
    const broker = await new MosquittoServer({ persistence: false, extraConfig: ['allow_anonymous false'] }).start();
    cleanup.push(() => broker.destroy());
    const sub = subscriber(broker.url, []);
    await expect(sub.start()).rejects.toThrow(/Not authori[sz]ed/i);
    expect(sub.connected).toBe(false);
  });
});

describe('hub start-up with the broker missing', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  it('serves HTTP and reports the broker not ready, then ready once Mosquitto is up', async () => {
    const broker = new MosquittoServer({ persistence: false });
    broker.port = await freePort();
    cleanup.push(() => broker.destroy());
    const target = pgliteTarget();
    cleanup.push(() => target.stop());
    const dir = await mkdtemp(join(tmpdir(), 'camwatch-startup-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const httpPort = await freePort();
    const creating = createHub({
      db: await target.open(),
      mqttUrl: broker.url,
      httpPort,
      dataDir: dir,
      hubId: 'startup',
      clockBeaconMs: null,
      logger: pino({ level: process.env.TEST_LOG ?? 'silent' }),
    });
    let hub: Hub | null = null;
    const settled = creating.then(
      (h) => (hub = h),
      (err: Error) => err,
    );
    let brokerUp = false;
    cleanup.push(async () => {
      // A hub still waiting for its broker can only finish (and be stopped) once the broker is there.
      if (!brokerUp) await broker.start();
      await settled;
      await hub?.stop();
    });
    const health = async () => (await fetch(`http://127.0.0.1:${httpPort}/api/health`)).json() as Promise<{ ok: boolean; broker: boolean }>;
    await expect.poll(() => health().catch(() => null), { timeout: 30_000 }).toMatchObject({ ok: false, broker: false });
    expect(hub).toBeNull();
    await broker.start();
    brokerUp = true;
    expect(await settled).toBe(hub);
    expect(await health()).toMatchObject({ ok: true, broker: true });
  });
});
