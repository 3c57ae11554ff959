import { execFile, execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MosquittoServer, RtspTestServer } from '@camwatch/testkit';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnvifDeviceEmulator } from './fixtures/onvif-device-emulator.ts';
import { makeTestPng } from './fixtures/test-jpeg.ts';
import { DpkgRoot } from './helpers/dpkg-root.ts';
import { MqttRecorder, waitUntil } from './helpers/mqtt-recorder.ts';
import {
  agentEnv,
  buildPackages,
  elfMachine,
  pendingKeys,
  REPO,
  RunningPackagedAgent,
  runToEnd,
  schemaVersion,
  type BuiltPackages,
} from './helpers/packaged-agent.ts';

const run = promisify(execFile);

/**
 * The release artefacts of `pnpm package agent`, proven the way a technician uses them: the amd64
 * .deb installed by real dpkg into a throwaway root and its `camwatch-agent --check` run against
 * the GStreamer RTSP test camera and the ONVIF test device; the arm64 tarball's agent run under
 * qemu-user against the same camera, its outbox on the arm64 runtime's built-in SQLite. Built once
 * here (the Node.js downloads, and the previous release's native module, are cached in ~/.cache/camwatch).
 */
const out = mkdtempSync(join(tmpdir(), 'camwatch-packages-'));
/**
 * The previous release for the upgrade tests: the agent as committed before it was first packaged,
 * built by today's packaging (override with PREVIOUS_AGENT_REF, e.g. the last released tag). Its
 * outbox still ran on better-sqlite3, so upgrade and rollback also hand the file from that SQLite
 * build to the runtime's node:sqlite and back.
 */
const PREVIOUS_REF = process.env.PREVIOUS_AGENT_REF ?? '8998b358ff1dc8695ce6938c2ad706ec4b1c8966';
/** A shallow clone lacks the previous release (.ci/run unshallows when it can); then only the upgrade tests are skipped, and say why. */
const HAS_PREVIOUS = (() => {
  try {
    execFileSync('git', ['cat-file', '-e', `${PREVIOUS_REF}^{commit}`], { cwd: REPO, stdio: 'ignore' });
    return true;
  } catch {
    process.stderr.write(
      `package-install: the previous build's commit ${PREVIOUS_REF} is not in this clone (shallow?): upgrade tests skipped; fetch it or set PREVIOUS_AGENT_REF\n`,
    );
    return false;
  }
})();
let built: BuiltPackages;
let previous: BuiltPackages;
const rtsp = new RtspTestServer();
let onvif: OnvifDeviceEmulator;
let root: DpkgRoot;

beforeAll(async () => {
  [built] = await Promise.all([buildPackages(out), rtsp.start()]);
  if (HAS_PREVIOUS) previous = await buildPackages(join(out, 'previous'), ['--arch', 'amd64', '--format', 'deb', '--ref', PREVIOUS_REF]);
  onvif = await new OnvifDeviceEmulator({
    dialect: 'standard',
    username: 'admin',
    password: 'Cam@2024',
    manufacturer: 'HIKVISION',
    model: 'DS-2CD1023G0-I',
    serial: 'SN9',
    rtspUrl: rtsp.url('ok'),
    snapshotJpeg: makeTestPng(1280, 720),
    snapshotAuth: 'digest',
  }).start();
  root = await DpkgRoot.create();
}, 900_000);

afterAll(async () => {
  await onvif?.stop();
  await rtsp.stop();
  root?.cleanup();
  rmSync(out, { recursive: true, force: true });
});

/** The technician's config: the RTSP camera by its stream, the ONVIF device by its service address. */
function stationConfig(outboxDir: string, checkTimeoutMs = 10_000): string {
  return [
    'version: 1',
    'stationId: LA-BL-0042',
    'mqtt:',
    '  url: mqtt://127.0.0.1:1',
    '  username: LA-BL-0042',
    'cameras:',
    '  - cameraId: LA-BL-0042-C1',
    `    rtspUrl: ${rtsp.url('ok')}`,
    '  - cameraId: LA-BL-0042-C2',
    `    onvifUrl: ${onvif.xaddr}`,
    '    username: admin',
    '    password: Cam@2024',
    `checks: { timeoutMs: ${checkTimeoutMs} }`,
    'outbox:',
    `  dir: ${outboxDir}`,
    '',
  ].join('\n');
}

const SUMMARY_ALL_OK = 'Tổng kết / Summary: 2 HOẠT ĐỘNG TỐT / OK, 0 HOẠT ĐỘNG KÉM / DEGRADED, 0 KHÔNG HOẠT ĐỘNG / DOWN';

describe('pnpm package agent', () => {
  it('writes a .deb and a .tar.gz for amd64 and arm64, the .deb depending on ffmpeg alone of what is not on every Debian', async () => {
    for (const file of [built.deb.amd64, built.deb.arm64, built.tar.amd64, built.tar.arm64]) expect(file).not.toBe('');
    for (const arch of ['amd64', 'arm64'] as const) {
      const { stdout } = await run('dpkg-deb', ['-f', built.deb[arch], 'Architecture', 'Depends']);
      expect(stdout).toContain(`Architecture: ${arch}`);
      // Library versions read from the binaries: Node's official build alone, glibc 2.28 and GCC 5's libstdc++
      // (a native module built on this machine used to raise them to glibc 2.34 and GCC 11).
      expect(stdout).toMatch(/Depends: ffmpeg, libc6 \(>= 2\.28\), libstdc\+\+6 \(>= 5\), passwd\n/);
      const { stdout: listing } = await run('dpkg-deb', ['-c', built.deb[arch]], { maxBuffer: 16 << 20 });
      // Root-owned whoever built it.
      expect(listing.split('\n').filter((l) => l && !l.includes(' root/root '))).toEqual([]);
      for (const path of ['./opt/camwatch-agent/node/bin/node', './opt/camwatch-agent/lib/camwatch-agent.mjs', './etc/camwatch/agent.yaml'])
        expect(listing).toContain(path);
      // No native module: the outbox runs on the runtime's built-in node:sqlite.
      expect(listing).not.toContain('node_modules');
      expect(listing).not.toMatch(/\.node\n/);
    }
    // The runtime is the one CI tests on: one version pinned in two places, checked equal.
    const ci = readFileSync(join(REPO, '.ci/run'), 'utf8');
    const { stdout: tarList } = await run('tar', ['xzf', built.tar.arm64, '-O', 'camwatch-agent/node/VERSION']);
    expect(ci).toContain(`NODE_VERSION=${tarList.trim()}`);
  });
});

describe('amd64 .deb installed by dpkg into a throwaway root', () => {
  it('creates the service user, owns the outbox dir, installs the conffile and the unit, and prints the next step', async () => {
    const started = performance.now();
    const output = await root.install(built.deb.amd64);
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`install: dpkg -i ${built.deb.amd64.split('/').pop()} took ${seconds.toFixed(1)} s\n${output}\n`);

    expect(output).toContain('camwatch-agent --check');
    expect(output).toContain('/etc/camwatch/agent.yaml');
    expect(await root.query('${Status}')).toBe('install ok installed');
    expect(await root.query('${Conffiles}')).toContain('/etc/camwatch/agent.yaml');
    const { uid, gid } = root.idsOf('camwatch-agent');
    expect(uid).toBeGreaterThan(0);
    const state = statSync(root.path('var/lib/camwatch-agent'));
    expect([state.uid, state.gid, state.mode & 0o777]).toEqual([uid, gid, 0o750]);
    const config = statSync(root.path('etc/camwatch/agent.yaml'));
    expect([config.uid, config.gid, config.mode & 0o777]).toEqual([0, gid, 0o640]);
    expect(readlinkSync(root.path('usr/bin/camwatch-agent'))).toBe('../../opt/camwatch-agent/bin/camwatch-agent');
    // Enabled: started at every boot (systemctl --root made the link).
    expect(lstatSync(root.path('etc/systemd/system/multi-user.target.wants/camwatch-agent.service')).isSymbolicLink()).toBe(true);
  });

  it('ships a unit that systemd-analyze verify accepts, running the packaged runtime as the service user', async () => {
    const unitFile = root.path('lib/systemd/system/camwatch-agent.service');
    const unit = readFileSync(unitFile, 'utf8');
    expect(unit).toContain(
      'ExecStart=/opt/camwatch-agent/node/bin/node /opt/camwatch-agent/lib/camwatch-agent.mjs --config /etc/camwatch/agent.yaml',
    );
    expect(unit).toContain('User=camwatch-agent');
    expect(unit).toContain('StateDirectory=camwatch-agent');
    const verify = await run('systemd-analyze', ['verify', `--root=${root.dir}`, '/lib/systemd/system/camwatch-agent.service']).then(
      (r) => r.stdout + r.stderr,
      (err: { stdout: string; stderr: string }) => `FAILED\n${err.stdout}${err.stderr}`,
    );
    expect(verify).toBe('');
  });

  it('camwatch-agent --check reports the RTSP test camera and the ONVIF test device OK on the packaged runtime', async () => {
    const outbox = root.path('var/lib/camwatch-agent');
    writeFileSync(root.path('etc/camwatch/agent.yaml'), stationConfig(outbox));
    // An outbox file present makes --check read the service's references through node:sqlite on the
    // packaged runtime (an empty stderr: no ExperimentalWarning from it either).
    writeFileSync(join(outbox, 'outbox.db'), '');
    const check = await runToEnd(
      root.path('usr/bin/camwatch-agent'),
      ['--check', '--config', root.path('etc/camwatch/agent.yaml')],
      agentEnv(),
    );
    process.stdout.write(`amd64 --check (exit ${check.code}):\n${check.stdout}${check.stderr}\n`);
    expect(check.stderr).toBe('');
    expect(check.stdout).toContain('[1/2] Camera LA-BL-0042-C1');
    expect(check.stdout).toContain('[2/2] Camera LA-BL-0042-C2 — HIKVISION DS-2CD1023G0-I (127.0.0.1)');
    expect(check.stdout).toContain(SUMMARY_ALL_OK);
    expect(check.code).toBe(0);
    expect(schemaVersion(join(outbox, 'outbox.db'))).toBeGreaterThan(0);
    expect(existsSync(join(outbox, 'check/LA-BL-0042-C2.jpg'))).toBe(true);
  });
});

/** The amd64 tarball unpacked into `dir` with a station config; its outbox owned by `nobody`, which stands in for camwatch-agent (this host has no such user). */
async function unpackTarball(dir: string): Promise<{ outbox: string; nobody: number; asRoot: boolean }> {
  await run('tar', ['xzf', built.tar.amd64, '-C', dir]);
  chmodSync(dir, 0o755);
  const outbox = join(dir, 'state');
  mkdirSync(outbox);
  const nobody = Number((await run('id', ['-u', 'nobody'])).stdout.trim());
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(outbox, nobody, nobody);
  writeFileSync(join(dir, 'agent.yaml'), stationConfig(outbox));
  return { outbox, nobody, asRoot };
}

describe('tarballs', () => {
  it('the amd64 tarball unpacked anywhere runs --check through its own bin/camwatch-agent, as the service user when started as root', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'camwatch-amd64-'));
    try {
      const { outbox, nobody, asRoot } = await unpackTarball(dir);
      const check = await runToEnd(
        join(dir, 'camwatch-agent/bin/camwatch-agent'),
        ['--config', join(dir, 'agent.yaml'), '--check'],
        agentEnv({ CAMWATCH_SERVICE_USER: 'nobody' }),
      );
      expect(check.stderr).toBe('');
      expect(check.stdout).toContain(SUMMARY_ALL_OK);
      expect(check.code).toBe(0);
      if (asRoot) expect(statSync(join(outbox, 'check/LA-BL-0042-C1.jpg')).uid).toBe(nobody);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the wrapper claims as root and checks as the service user: --check --claim CODE spends the code once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'camwatch-claim-'));
    // The hub's claim route as it answers (the IssuedCredential contract); the real hub is claimed from in scripts/test/agent-claim.test.ts.
    const claims: string[] = [];
    const hub = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        claims.push(body);
        const ok = req.url === '/api/provision/claim' && (JSON.parse(body) as { code: string }).code === 'GOOD-CODE';
        res.writeHead(ok ? 200 : 410, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            ok
              ? {
                  credentialId: 7,
                  stationId: 'LA-BL-0042',
                  mqttUrl: 'mqtt://127.0.0.1:1',
                  username: 'LA-BL-0042',
                  password: 'Pw-From-Hub-0042',
                }
              : { statusCode: 410, code: 'CW_ERR_LINK_EXPIRED', error: 'Gone', message: 'unknown, used or expired claim code' },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    try {
      const { outbox, nobody, asRoot } = await unpackTarball(dir);
      const hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
      const args = ['--config', join(dir, 'agent.yaml'), '--check', '--claim', 'GOOD-CODE', '--hub', hubUrl];
      const wrapper = join(dir, 'camwatch-agent/bin/camwatch-agent');
      const first = await runToEnd(wrapper, args, agentEnv({ CAMWATCH_SERVICE_USER: 'nobody' }));
      expect(first.stdout).toContain('Station LA-BL-0042 claimed');
      expect(first.stdout).toContain(SUMMARY_ALL_OK);
      expect(first.code).toBe(0);
      const envFile = statSync(join(dir, 'agent.env'));
      expect(envFile.mode & 0o777).toBe(0o600);
      expect(readFileSync(join(dir, 'agent.env'), 'utf8')).toContain('CAMWATCH_MQTT__PASSWORD=Pw-From-Hub-0042');
      if (asRoot) {
        expect(envFile.uid).toBe(0);
        expect(statSync(join(outbox, 'check/LA-BL-0042-C1.jpg')).uid).toBe(nobody);
      }
      // Claimed: the same command again checks without asking the hub.
      const second = await runToEnd(wrapper, args, agentEnv({ CAMWATCH_SERVICE_USER: 'nobody' }));
      expect(second.code).toBe(0);
      expect(claims).toHaveLength(1);
    } finally {
      hub.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('camwatch-agent --check runs on the arm64 runtime with its built-in SQLite, against the same camera', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'camwatch-arm64-'));
    try {
      await run('tar', ['xzf', built.tar.arm64, '-C', dir]);
      const app = join(dir, 'camwatch-agent');
      const AARCH64 = 0xb7;
      expect(elfMachine(join(app, 'node/bin/node'))).toBe(AARCH64);
      const outbox = join(dir, 'state');
      await run('mkdir', ['-p', outbox]);
      writeFileSync(join(outbox, 'outbox.db'), '');
      // qemu emulates the arm64 CPU several times slower: the ONVIF digest and WS-Security hashing in
      // emulated JavaScript missed the 10 s default on a loaded machine (and took 60 s once at load 10).
      writeFileSync(join(dir, 'agent.yaml'), stationConfig(outbox, 120_000));
      // What the tarball's bin/camwatch-agent runs, with qemu in front (this host has no binfmt_misc to do it implicitly).
      const qemu = ['-L', '/usr/aarch64-linux-gnu', join(app, 'node/bin/node'), join(app, 'lib/camwatch-agent.mjs')];
      const version = await runToEnd('qemu-aarch64-static', [...qemu, '--version'], agentEnv());
      expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
      const check = await runToEnd('qemu-aarch64-static', [...qemu, '--check', '--config', join(dir, 'agent.yaml')], agentEnv(), 240_000);
      process.stdout.write(`arm64 --check under qemu-aarch64-static (exit ${check.code}):\n${check.stdout}${check.stderr}\n`);
      expect(check.stderr).toBe('');
      expect(check.stdout).toContain(SUMMARY_ALL_OK);
      expect(check.code).toBe(0);
      // Migrated by the arm64 runtime's node:sqlite: it wrote.
      expect(schemaVersion(join(outbox, 'outbox.db'))).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

describe.skipIf(!HAS_PREVIOUS)('upgrade and rollback of the .deb keep what the box holds', () => {
  let broker: MosquittoServer;
  let box: DpkgRoot;
  let recorder: MqttRecorder;
  const SECRET = 'Station-Secret-42';

  beforeAll(async () => {
    box = await DpkgRoot.create();
    // The broker's accounts: the station's (its secret lives only in agent.env) and the hub's.
    const passwords = join(box.dir, 'mosquitto.passwd');
    await run('mosquitto_passwd', ['-b', '-c', passwords, 'LA-BL-0042', SECRET]);
    await run('mosquitto_passwd', ['-b', passwords, 'hub', 'hub-pw']);
    broker = new MosquittoServer({ extraConfig: ['allow_anonymous false', `password_file ${passwords}`] });
  });
  afterAll(async () => {
    await recorder?.close();
    await broker?.stop();
    box?.cleanup();
  });

  const config = () => box.path('etc/camwatch/agent.yaml');
  const envFile = () => box.path('etc/camwatch/agent.env');
  const outboxDb = () => box.path('var/lib/camwatch-agent/outbox.db');
  const agent = () =>
    RunningPackagedAgent.start(box.path('usr/bin/camwatch-agent'), ['--config', config()], agentEnv({ CAMWATCH_ENV_FILE: envFile() }));

  /** Runs the installed agent with the broker down until it has queued `n` records of its own, then stops it as systemd does. */
  async function queueWhileOffline(n: number): Promise<string[]> {
    const before = new Set(existsSync(outboxDb()) ? pendingKeys(outboxDb()) : []);
    const running = agent();
    await waitUntil(
      `${n} records queued (agent log: ${running.log.slice(-300)})`,
      () => existsSync(outboxDb()) && pendingKeys(outboxDb()).filter((k) => !before.has(k)).length >= n,
      45_000,
    );
    expect(await running.stop()).toBe(0);
    return pendingKeys(outboxDb());
  }

  /** Runs the installed agent with the broker up until every queued record arrived and left the outbox; counts each record's arrivals. */
  async function replay(queued: string[]): Promise<number[]> {
    const arrivals = () => {
      const seen = new Map<string, number>();
      for (const m of recorder.data()) {
        const key = `${String(m.json.bootId)}:${String(m.json.seq)}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      return seen;
    };
    const running = agent();
    const left = () => new Set(pendingKeys(outboxDb()));
    await waitUntil(
      `the ${queued.length} queued records replayed and acknowledged (agent log: ${running.log.slice(-300)})`,
      () => {
        const seen = arrivals();
        const pending = left();
        return queued.every((k) => seen.has(k) && !pending.has(k));
      },
      60_000,
    );
    expect(await running.stop()).toBe(0);
    const seen = arrivals();
    return queued.map((k) => seen.get(k) ?? 0);
  }

  it('a newer package over an older one keeps config, credentials and outbox, migrates it and replays every record exactly once', async () => {
    const { stdout: oldListing } = await run('dpkg-deb', ['-c', previous.deb.amd64], { maxBuffer: 16 << 20 });
    expect(oldListing).toContain('./opt/camwatch-agent/lib/node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    await box.install(previous.deb.amd64);
    const oldVersion = await box.query('${Version}');
    await broker.start(); // a port for the config; stopped again: the station is offline
    await broker.stop();
    writeFileSync(
      config(),
      [
        'version: 1',
        'stationId: LA-BL-0042',
        'mqtt:',
        `  url: mqtt://127.0.0.1:${broker.port}`,
        '  username: LA-BL-0042',
        'cameras:',
        '  - cameraId: LA-BL-0042-C1',
        `    rtspUrl: ${rtsp.url('ok')}`,
        'intervals: { healthMs: 1000, probeMs: 2000 }',
        'outbox:',
        `  dir: ${box.path('var/lib/camwatch-agent')}`,
        '',
      ].join('\n'),
    );
    writeFileSync(envFile(), `CAMWATCH_MQTT__PASSWORD=${SECRET}\n`, { mode: 0o640 });

    const queued = await queueWhileOffline(8);
    // The outbox as agents before per-camera picture references left it (schema 1, no such table):
    // the new version must migrate it on its first start and still replay it.
    const db = new DatabaseSync(outboxDb());
    db.exec('DROP TABLE camera_picture_reference');
    db.exec('PRAGMA user_version = 1');
    db.close();

    const kept = { config: readFileSync(config(), 'utf8'), env: readFileSync(envFile(), 'utf8') };
    const output = await box.install(built.deb.amd64);
    expect(output).toContain(`installed over version ${oldVersion}`);
    expect(await box.query('${Version}')).not.toBe(oldVersion);
    expect(readFileSync(config(), 'utf8')).toBe(kept.config);
    expect(readFileSync(envFile(), 'utf8')).toBe(kept.env);
    expect(pendingKeys(outboxDb())).toEqual(queued);

    await broker.start();
    recorder = await MqttRecorder.open(`mqtt://hub:hub-pw@127.0.0.1:${broker.port}`, 'camwatch/v1/#', 'package-test-hub');
    const counts = await replay(queued);
    expect(counts).toEqual(queued.map(() => 1));
    expect(schemaVersion(outboxDb())).toBe(2);
  }, 240_000);

  it('reinstalling the previous package rolls back without losing what the newer one queued', async () => {
    await broker.stop();
    const newer = await box.query('${Version}');
    const queued = await queueWhileOffline(5);
    expect(queued.length).toBeGreaterThanOrEqual(5);

    const output = await box.install(previous.deb.amd64);
    expect(output).toContain(`installed over version ${newer}`);
    expect(await box.query('${Version}')).not.toBe(newer);
    expect(pendingKeys(outboxDb())).toEqual(queued);

    await broker.start();
    const counts = await replay(queued);
    expect(counts).toEqual(queued.map(() => 1));
  }, 240_000);

  it('dpkg -r keeps the config and the outbox, dpkg --purge deletes them', async () => {
    await box.remove();
    expect(await box.query('${Status}')).toBe('deinstall ok config-files');
    expect(existsSync(box.path('opt/camwatch-agent'))).toBe(false);
    expect(existsSync(box.path('etc/systemd/system/multi-user.target.wants/camwatch-agent.service'))).toBe(false);
    expect(existsSync(outboxDb())).toBe(true);
    expect(existsSync(config())).toBe(true);
    expect(existsSync(envFile())).toBe(true);
    await box.remove(true);
    expect(existsSync(box.path('var/lib/camwatch-agent'))).toBe(false);
    expect(existsSync(box.path('etc/camwatch'))).toBe(false);
  });
});
