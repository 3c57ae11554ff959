import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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
    const o = hubOptionsFromEnv({ DATABASE_URL: 'postgres://u@db:5432/camwatch', MQTT_URL: 'mqtts://broker:8883', MQTT_USERNAME: 'hub', MQTT_PASSWORD: 's3cret', PORT: '9000', DATA_DIR: '/var/lib/camwatch', HUB_ID: 'hub-a' });
    expect(o).toMatchObject({ databaseUrl: 'postgres://u@db:5432/camwatch', mqttUrl: 'mqtts://broker:8883', mqttUsername: 'hub', httpPort: 9000, dataDir: '/var/lib/camwatch', hubId: 'hub-a' });
  });

  it('lists every problem at once and never echoes a secret', () => {
    let err: unknown;
    try {
      hubOptionsFromEnv({ DATABASE_URL: 'mysql://x', MQTT_URL: 'mqtt://broker', MQTT_PASSWORD: 'hunter2', PORT: '99999', MQTT_PROTOCOL: '3' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HubEnvError);
    const msg = (err as Error).message;
    for (const name of ['DATABASE_URL', 'MQTT_USERNAME', 'PORT', 'MQTT_PROTOCOL']) expect(msg).toContain(name);
    expect(msg).not.toContain('hunter2');
  });
});
