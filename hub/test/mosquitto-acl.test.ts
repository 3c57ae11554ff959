import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicFor } from '@camwatch/config';
import { MosquittoServer } from '@camwatch/testkit';
import { mosquittoHash, verifyMosquittoHash } from '../src/credentials/mosquitto-password.ts';
import { renderAclFile, renderPasswordFile, writeFileAtomic } from '../src/credentials/mosquitto-files.ts';

const run = promisify(execFile);
const PASSWORDS = { 'ST-A': 'alpha-password-123', 'ST-B': 'bravo-password-456', hub: 'hub-password-789' };

function connect(
  url: string,
  username: string,
  password: string,
  clientId = `${username}-${Math.random().toString(16).slice(2)}`,
): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(url, { username, password, clientId, protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 5000 });
    c.once('connect', () => resolve(c));
    c.once('error', (err) => {
      c.end(true);
      reject(err);
    });
  });
}

describe('hub-generated Mosquitto password file and ACL', () => {
  let dir = '';
  let broker: MosquittoServer;
  let hub: MqttClient;
  const received: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'camwatch-acl-'));
    const passwordFile = join(dir, 'passwd');
    const aclFile = join(dir, 'acl');
    const accounts = Object.entries(PASSWORDS).map(([username, password]) => ({ username, passwordHash: mosquittoHash(password) }));
    await writeFileAtomic(passwordFile, renderPasswordFile(accounts));
    await writeFileAtomic(aclFile, renderAclFile(['ST-A', 'ST-B'], ['hub']));
    broker = await new MosquittoServer({
      persistence: false,
      extraConfig: ['allow_anonymous false', `password_file ${passwordFile}`, `acl_file ${aclFile}`],
    }).start();
    hub = await connect(broker.url, 'hub', PASSWORDS.hub);
    await hub.subscribeAsync('camwatch/v1/#', { qos: 1 });
    hub.on('message', (topic) => received.push(topic));
  });

  afterAll(async () => {
    hub?.end(true);
    await broker?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes hashes mosquitto_passwd agrees with', async () => {
    const hash = mosquittoHash('s3cret-value');
    expect(verifyMosquittoHash('s3cret-value', hash)).toBe(true);
    expect(verifyMosquittoHash('s3cret-valuf', hash)).toBe(false);
    // The reverse direction: a hash written by Debian's mosquitto_passwd verifies with ours.
    const file = join(dir, 'debian-passwd');
    await writeFile(file, '');
    await run('mosquitto_passwd', ['-b', file, 'someone', 'debian-pass-1']);
    const line = (await readFile(file, 'utf8')).trim();
    expect(verifyMosquittoHash('debian-pass-1', line.slice('someone:'.length))).toBe(true);
  });

  it('lets a station publish under its own id', async () => {
    const a = await connect(broker.url, 'ST-A', PASSWORDS['ST-A']);
    const topic = topicFor('health', { stationId: 'ST-A' });
    await a.publishAsync(topic, '{}', { qos: 1 });
    await expect.poll(() => received.includes(topic), { timeout: 5000 }).toBe(true);
    a.end(true);
  });

  it('rejects a station publishing under another station id', async () => {
    const a = await connect(broker.url, 'ST-A', PASSWORDS['ST-A']);
    const forged = topicFor('health', { stationId: 'ST-B' });
    // MQTT 5: Mosquitto answers the QoS 1 publish with reason code 0x87 (not authorized).
    await expect(a.publishAsync(forged, '{}', { qos: 1 })).rejects.toThrow(/Not authorized/i);
    // Whether the broker rejects or silently drops it is not the point: the assertions below check it never arrived.
    await a.publishAsync(topicFor('hubClock', {}), '{"hubTs":1}', { qos: 1 }).catch(() => undefined);
    // A later legitimate message arrives, so the forged one had its chance and was dropped.
    const own = topicFor('event', { stationId: 'ST-A' });
    await a.publishAsync(own, '{}', { qos: 1 });
    await expect.poll(() => received.includes(own), { timeout: 5000 }).toBe(true);
    expect(received).not.toContain(forged);
    expect(received).not.toContain(topicFor('hubClock', {}));
    a.end(true);
  });

  it('delivers a station only its own commands', async () => {
    const a = await connect(broker.url, 'ST-A', PASSWORDS['ST-A']);
    const got: string[] = [];
    a.on('message', (t) => got.push(t));
    await a.subscribeAsync(topicFor('command', { stationId: 'ST-A' }), { qos: 1 });
    // A refused subscription may come back as an error or as a failure code: either way ST-B's command must not arrive (checked below).
    await a.subscribeAsync(topicFor('command', { stationId: 'ST-B' }), { qos: 1 }).catch(() => undefined);
    await hub.publishAsync(topicFor('command', { stationId: 'ST-B' }), '{}', { qos: 1 });
    await hub.publishAsync(topicFor('command', { stationId: 'ST-A' }), '{}', { qos: 1 });
    await expect.poll(() => got.includes(topicFor('command', { stationId: 'ST-A' })), { timeout: 5000 }).toBe(true);
    expect(got).not.toContain(topicFor('command', { stationId: 'ST-B' }));
    a.end(true);
  });

  it('delivers a collector only its own retained list of recorders (it carries owners’ credentials)', async () => {
    // Retained first, subscribed after: what a collector reconnecting after an outage sees.
    await hub.publishAsync(topicFor('collectorTargets', { stationId: 'ST-A' }), '{"for":"A"}', { qos: 1, retain: true });
    await hub.publishAsync(topicFor('collectorTargets', { stationId: 'ST-B' }), '{"for":"B"}', { qos: 1, retain: true });
    const a = await connect(broker.url, 'ST-A', PASSWORDS['ST-A']);
    const got: string[] = [];
    a.on('message', (t, payload) => got.push(`${t} ${payload.toString()}`));
    await a.subscribeAsync(topicFor('collectorTargets', { stationId: 'ST-A' }), { qos: 1 });
    await a.subscribeAsync(topicFor('collectorTargets', { stationId: 'ST-B' }), { qos: 1 }).catch(() => undefined);
    await a.subscribeAsync('camwatch/v1/st/+/targets', { qos: 1 }).catch(() => undefined);
    await expect
      .poll(() => got.includes(`${topicFor('collectorTargets', { stationId: 'ST-A' })} {"for":"A"}`), { timeout: 5000 })
      .toBe(true);
    // ST-A's own command arriving later shows the broker had time to hand out anything else it would have.
    await a.subscribeAsync(topicFor('command', { stationId: 'ST-A' }), { qos: 1 });
    await hub.publishAsync(topicFor('command', { stationId: 'ST-A' }), '{}', { qos: 1 });
    await expect.poll(() => got.some((g) => g.startsWith(topicFor('command', { stationId: 'ST-A' }))), { timeout: 5000 }).toBe(true);
    expect(got.filter((g) => g.includes('"for":"B"'))).toEqual([]);
    a.end(true);
  });

  it('refuses wrong passwords and anonymous clients', async () => {
    await expect(connect(broker.url, 'ST-A', PASSWORDS['ST-B'])).rejects.toThrow(/Not authorized|Bad User Name or Password/i);
    await expect(connect(broker.url, 'ST-C', 'whatever-password')).rejects.toThrow();
  });

  it('refuses to render names that could forge entries', () => {
    expect(() => renderPasswordFile([{ username: 'a:b', passwordHash: mosquittoHash('x') }])).toThrow();
    expect(() => renderAclFile(['ST-A\nuser hub'], [])).toThrow();
    expect(() => renderPasswordFile([{ username: 'ok', passwordHash: 'plain' }])).toThrow();
  });
});
