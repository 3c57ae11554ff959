import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PostgresServer } from '@camwatch/testkit';
import { PgDb, migrate } from '@camwatch/hub/testing';

const run = promisify(execFile);
const deploy = fileURLToPath(new URL('../../hub/deploy/', import.meta.url));
const pg = new PostgresServer();
let work = '';

beforeAll(async () => {
  await pg.start();
  work = await mkdtemp(join(tmpdir(), 'camwatch-backup-'));
});
afterAll(async () => {
  await pg.destroy();
  await rm(work, { recursive: true, force: true });
});

async function psql(url: string, sql: string): Promise<string> {
  return (await run('psql', [url, '-Atc', sql])).stdout.trim();
}

it('restores a backup of the database and snapshot store into an empty system', async () => {
  await psql(pg.url, 'create database source');
  await psql(pg.url, 'create database restored');
  const source = await PgDb.connect(pg.urlFor('source'));
  await migrate(source);
  await source.query(
    `insert into units (id, name, kind, parent_id) values ('LA', 'Long An', 'province', null), ('LA-BL', 'Bến Lức', 'district', 'LA')`,
  );
  await source.close();
  const snapshots = join(work, 'snapshots');
  await mkdir(join(snapshots, 'ab'), { recursive: true });
  await writeFile(join(snapshots, 'ab', 'abcdef.jpg'), Buffer.from([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]));

  const out = join(work, 'backup');
  await run(join(deploy, 'backup.sh'), [pg.urlFor('source'), snapshots, out]);
  const restoredSnapshots = join(work, 'restored-snapshots');
  await run(join(deploy, 'restore.sh'), [out, pg.urlFor('restored'), restoredSnapshots]);

  expect(await psql(pg.urlFor('restored'), "select string_agg(name, ',' order by id) from units")).toBe('Long An,Bến Lức');
  const tables = "select count(*) from information_schema.tables where table_schema = 'public'";
  expect(await psql(pg.urlFor('restored'), tables)).toBe(await psql(pg.urlFor('source'), tables));
  expect(await readFile(join(restoredSnapshots, 'ab', 'abcdef.jpg'))).toEqual(await readFile(join(snapshots, 'ab', 'abcdef.jpg')));
});

it('refuses a backup whose files were damaged', async () => {
  const out = join(work, 'backup');
  await writeFile(join(out, 'snapshots.tar'), 'damaged');
  await expect(run(join(deploy, 'restore.sh'), [out, pg.urlFor('restored'), join(work, 'x')])).rejects.toThrow();
});
