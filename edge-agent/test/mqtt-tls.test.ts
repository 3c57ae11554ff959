import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTestCertificates, MosquittoServer } from '@camwatch/testkit';
import { startAgentCore } from '../src/core/agent-core.ts';
import { SqliteOutboxStore } from '../src/outbox/sqlite-outbox-store.ts';
import { camera, FakeProber, FixedHealth } from './helpers/fake-parts.ts';
import { waitUntil } from './helpers/mqtt-recorder.ts';

const dir = mkdtempSync(join(tmpdir(), 'camwatch-tls-'));
const pem = (name: string) => join(dir, name);
/** A private CA and a broker certificate for 127.0.0.1 (ca.pem, server.pem, server.key), made by the real openssl. */
const makeCertificates = () => makeTestCertificates(dir);
const broker = new MosquittoServer({
  extraConfig: ['allow_anonymous true', `cafile ${pem('ca.pem')}`, `certfile ${pem('server.pem')}`, `keyfile ${pem('server.key')}`],
});
const store = new SqliteOutboxStore(':memory:');

beforeAll(async () => {
  makeCertificates();
  await broker.start();
});
afterAll(async () => {
  store.close();
  await broker.destroy();
  rmSync(dir, { recursive: true, force: true });
});

function tlsCore(stationId: string, ca: Buffer | null) {
  return startAgentCore({
    stationId,
    mqtt: {
      url: `mqtts://127.0.0.1:${broker.port}`,
      tls: ca ? { ca } : { rejectUnauthorized: true },
      reconnectMinMs: 100,
      reconnectMaxMs: 200,
    },
    prober: new FakeProber(),
    health: new FixedHealth(),
    cameras: [camera(`${stationId}-C1`)],
    outbox: store.forStation(stationId),
    agentVersion: 'tls-test',
  });
}

it('connects over mqtts:// with the province CA and delivers from its outbox', async () => {
  const core = tlsCore('ST-TLS', readFileSync(pem('ca.pem')));
  try {
    await waitUntil('TLS connect and the first messages acknowledged', () => core.stats().connected && core.stats().pump.acked > 0);
  } finally {
    await core.stop();
  }
});

it('refuses a broker whose certificate it cannot verify, and keeps its messages', async () => {
  const core = tlsCore('ST-TLS2', null);
  try {
    await new Promise((r) => setTimeout(r, 1500));
    expect(core.stats()).toMatchObject({ connected: false, connects: 0 });
    expect(core.stats().outbox.pending).toBeGreaterThan(0);
  } finally {
    await core.stop();
  }
});
