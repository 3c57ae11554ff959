import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { MosquittoServer } from '@camwatch/testkit';
import { installDeferredAcks } from '../src/mqtt/deferred-acks.ts';
import type { AckSettler } from '../src/mqtt/puback-queue.ts';

const until = async (ok: () => boolean, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/**
 * The hand-encoded PUBACKs (0x40 0x02 id) against a real Mosquitto, over MQTT 5 and 3.1.1: the
 * broker takes them as acknowledgements (a settled message is not redelivered on the resumed
 * session) and keeps the connection; an unsettled one is redelivered.
 */
describe.each([5, 4] as const)('deferred acks on real Mosquitto, MQTT protocol %i', (protocolVersion) => {
  const broker = new MosquittoServer();
  beforeAll(() => broker.start());
  afterAll(() => broker.destroy());

  it('acknowledges the settled messages in receive order: one not settled holds the later ones back', async () => {
    const clientId = `deferred-acks-${protocolVersion}-${process.pid}`;
    const topic = `test/acks/${protocolVersion}`;
    // MQTT 5 ends a session at disconnect unless it is given an expiry.
    const session = {
      clientId,
      protocolVersion,
      clean: false,
      reconnectPeriod: 0,
      properties: protocolVersion === 5 ? { sessionExpiryInterval: 300 } : undefined,
    };
    const sub: MqttClient = await mqtt.connectAsync(broker.url, session);
    const received: { n: number; ticket: number }[] = [];
    let acks!: AckSettler;
    let closed = false;
    sub.on('close', () => (closed = true));
    installDeferredAcks(
      sub,
      (packet, ticket, settler) => {
        acks = settler;
        received.push({ n: Number(packet.payload.toString()), ticket });
      },
      () => undefined,
      (err) => {
        throw err;
      },
    );
    await sub.subscribeAsync(topic, { qos: 1 });
    const pub = await mqtt.connectAsync(broker.url, { clientId: `${clientId}-pub`, protocolVersion });
    for (let n = 0; n < 40; n++) await pub.publishAsync(topic, String(n), { qos: 1 });
    await until(() => received.length === 40, 5_000, 'all received');
    // 0-29 and 35 are settled, in a scrambled order, over several turns; 35 waits behind 30, never settled.
    const settle = received.filter((r) => r.n < 30 || r.n === 35).sort((x, y) => ((x.n * 13) % 40) - ((y.n * 13) % 40));
    for (const [k, r] of settle.entries()) {
      acks.settle(r.ticket);
      if (k % 5 === 0) await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(closed).toBe(false);
    await sub.endAsync(true);

    // The resumed session: only the unacknowledged ones come again.
    const again: number[] = [];
    // Listening before the CONNACK: the broker sends the session's messages right behind it.
    const resumed = mqtt.connect(broker.url, session);
    resumed.on('message', (_t, payload) => again.push(Number(payload.toString())));
    await until(() => again.length >= 10, 5_000, 'redelivery');
    await new Promise((r) => setTimeout(r, 300));
    expect(again).toEqual([30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
    await Promise.all([resumed.endAsync(), pub.endAsync()]);
  });
});
