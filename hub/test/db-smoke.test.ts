import { afterAll, describe, expect, it } from 'vitest';
import { pgliteTarget, postgresTarget } from './support/databases.ts';

for (const target of [postgresTarget(), pgliteTarget()]) {
  describe(`smoke ${target.name}`, () => {
    afterAll(() => target.stop());
    it('migrates', async () => {
      const db = await target.open();
      const r = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY 1');
      expect(r.rows.map((x) => Number(x.version))).toEqual([1, 2, 3]);
      const n = await db.copyRows('units', ['id', 'name', 'kind', 'parent_id'], [['p', 'Tỉnh\ttab\\x', 'province', null]]);
      expect(n).toBe(1);
      const u = await db.query<{ name: string; c: number }>('SELECT name, count(*) over () AS c FROM units');
      console.log(u.rows, typeof u.rows[0]?.c);
      expect(u.rows[0]?.name).toBe('Tỉnh\ttab\\x');
    });
  });
}
