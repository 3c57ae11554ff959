import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MosquittoServer } from '@camwatch/testkit';
import { mosquittoHash, renderAclFile, renderPasswordFile } from '@camwatch/hub/testing';
import { generateFleet } from '../src/fleet/generate-fleet.ts';
import { parseSimulatorArgs, UsageError } from '../src/simulator/cli-args.ts';
import { CredentialsFileError, loadCredentialsFile } from '../src/simulator/credentials-file.ts';
import { addSummaries, type FleetSummary } from '../src/simulator/fleet-summary.ts';
import { Recorder, waitFor } from './simulator-helpers.ts';

const CLI = join(import.meta.dirname, '../src/simulator/cli.ts');

describe('pnpm simulate arguments', () => {
  it('accepts a full command line', () => {
    const o = parseSimulatorArgs([
      '--cameras',
      '100000',
      '--mqtt',
      'mqtt://127.0.0.1:1883,mqtt://127.0.0.1:1884',
      '--seed',
      '7',
      '--faults',
      'realistic',
      '--workers',
      '3',
      '--duration',
      '60',
    ]);
    expect(o).toMatchObject({
      cameras: 100000,
      mqttUrls: ['mqtt://127.0.0.1:1883', 'mqtt://127.0.0.1:1884'],
      seed: 7,
      faults: 'realistic',
      workers: 3,
      durationS: 60,
      inventory: null,
    });
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      parseSimulatorArgs(['--cameras', 'many', '--inventory', 'x.yaml', '--mqtt', 'http://x', '--faults', 'chaos', '--seed', '1.5']);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UsageError);
    const lines = (error as Error).message.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.join(' ')).toMatch(
      /exactly one of --inventory.*not an mqtt:\/\/.*realistic or none.*--seed must be an integer.*--cameras must be a positive integer/,
    );
  });

  it('sums worker summaries figure by figure', () => {
    const part = (n: number): FleetSummary => ({
      uptimeS: n,
      stations: n,
      cameras: 4 * n,
      booted: n,
      running: n,
      connected: n,
      poweredOff: 0,
      uplinkDown: 0,
      camerasNotOk: 1,
      outboxPending: 0,
      sentLive: n,
      sentReplay: 0,
      acked: n,
      connects: n,
      rssMB: 100,
      produced: n,
      producedByKind: { health: n },
      cpuPct: 10.25,
      loopDelayP99Ms: n,
    });
    const total = addSummaries([part(1), part(2), part(3)]);
    expect(total).toMatchObject({
      uptimeS: 3,
      stations: 6,
      cameras: 24,
      connects: 6,
      rssMB: 300,
      camerasNotOk: 3,
      producedByKind: { health: 6 },
      cpuPct: 30.8,
      loopDelayP99Ms: 3,
    });
  });
});

describe('credentials file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'camwatch-sim-cred-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports each bad entry by station, never the password', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(
      file,
      JSON.stringify({
        'ST-1': { username: 'ST-1', password: 'secret-1' },
        'bad/id': { username: 'x', password: 'y' },
        'ST-2': { username: 'ST-2' },
        'ST-3': { username: 'a', password: 'hunter2', extra: 1 },
      }),
    );
    const err = await loadCredentialsFile(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsFileError);
    const text = (err as Error).message;
    expect(text).toMatch(/"bad\/id": not a valid station id/);
    expect(text).toMatch(/ST-2: needs a non-empty "username" and "password"/);
    expect(text).toMatch(/ST-3: unknown keys extra/);
    expect(text).not.toMatch(/hunter2|secret-1/);
  });
});

describe('pnpm simulate against a Mosquitto with per-station passwords and ACLs', () => {
  let broker: MosquittoServer;
  let dir: string;
  let stations: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'camwatch-sim-cli-'));
    stations = generateFleet({ seed: 3, cameras: 6 }).inventory.stations.map((s) => s.id);
    const creds = Object.fromEntries(stations.map((id) => [id, { username: id, password: `pw-${id}` }]));
    await writeFile(join(dir, 'credentials.json'), JSON.stringify(creds));
    await writeFile(
      join(dir, 'passwd'),
      renderPasswordFile([
        ...stations.map((id) => ({ username: id, passwordHash: mosquittoHash(`pw-${id}`) })),
        { username: 'hub', passwordHash: mosquittoHash('hub-pw') },
      ]),
    );
    await writeFile(join(dir, 'acl'), renderAclFile(stations, ['hub']));
    broker = await new MosquittoServer({
      extraConfig: ['allow_anonymous false', `password_file ${join(dir, 'passwd')}`, `acl_file ${join(dir, 'acl')}`],
    }).start();
  });

  afterAll(async () => {
    await broker?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('every station logs in with its own account, publishes only what its ACL allows, and the CLI ends with a summary', async () => {
    const hub = await Recorder.start(broker.url, { username: 'hub', password: 'hub-pw' });
    const args = [
      '--import',
      'tsx',
      CLI,
      '--cameras',
      '6',
      '--seed',
      '3',
      '--mqtt',
      broker.url,
      '--credentials',
      join(dir, 'credentials.json'),
      '--outbox',
      join(dir, 'outbox.sqlite'),
      '--intervals',
      'fast',
      '--duration',
      '5',
      '--stats-every',
      '1',
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code, stderr).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as FleetSummary & { final?: boolean });
    const last = lines.at(-1)!;
    expect(last.final).toBe(true);
    const n = stations.length;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(last).toMatchObject({ stations: n, cameras: 6, running: n, connected: n });
    expect(last.produced).toBeGreaterThan(6);
    await waitFor(
      'offline states after the clean stop',
      () => hub.of('state').filter((m) => m.payload.state === 'offline').length >= n,
      4000,
    );
    expect(hub.invalid).toEqual([]);
    expect(new Set(hub.of('health').map((m) => m.stationId))).toEqual(new Set(stations));
    // What the broker acknowledged reached the hub: the ACL lets through every topic the core uses.
    expect(hub.data().length).toBeGreaterThanOrEqual(last.acked);
    expect(hub.data().length).toBeLessThanOrEqual(last.produced);
    expect(stderr).not.toMatch(/pw-|hub-pw/);
    await hub.stop();
  });
});
