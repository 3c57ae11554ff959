import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, expect, it, vi } from 'vitest';
import { MosquittoServer } from '../src/mosquitto-server.ts';
import { PostgresServer } from '../src/postgres-server.ts';

const run = promisify(execFile);
const mosquitto = new MosquittoServer();
vi.setConfig({ testTimeout: 30_000 });
const pg = new PostgresServer();
afterAll(async () => {
  await mosquitto.destroy();
  await pg.destroy();
});

it('starts a private Mosquitto that keeps retained messages across a restart', async () => {
  await mosquitto.start();
  await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(mosquitto.port), '-t', 'camwatch/test', '-m', 'kept', '-r', '-q', '1']);
  await mosquitto.restart();
  const { stdout } = await run('mosquitto_sub', [
    '-h',
    '127.0.0.1',
    '-p',
    String(mosquitto.port),
    '-t',
    'camwatch/test',
    '-C',
    '1',
    '-W',
    '5',
  ]);
  expect(stdout.trim()).toBe('kept');
});

it('starts a private PostgreSQL that keeps data across a restart', async () => {
  await pg.start();
  const psql = (sql: string) => run('psql', [pg.url, '-Atc', sql]);
  await psql('create table t(x int); insert into t values (42)');
  await pg.restart();
  expect((await psql('select x from t')).stdout.trim()).toBe('42');
});
