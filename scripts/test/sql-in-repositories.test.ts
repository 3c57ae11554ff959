import { describe, expect, it } from 'vitest';
import { lintRule } from './lint-rule-helpers.ts';

/** The repository's own lint configuration, run on small sources placed in the hub. */
const { messagesFor: sqlErrors, messagesIn } = lintRule('hub/sql-in-repositories');

const QUERY =
  "import type { Db } from '../db/db.ts';\nexport const n = (db: Db) => db.query('SELECT 1 FROM units WHERE id = $1', ['x']);\n";

describe('SQL only in hub repositories (pnpm run lint)', () => {
  it('refuses a query in a route, a service or a job', async () => {
    for (const file of ['hub/src/alerts/alert-channels-routes.ts', 'hub/src/alerts/alert-engine.ts', 'hub/src/jobs/retention-job.ts']) {
      const errors = await sqlErrors(file, QUERY);
      // the call and its SQL text
      expect(errors, file).toHaveLength(2);
      expect(errors[0]).toMatch(/\.query\(\) runs SQL: move it into a \*-repository\.ts/);
    }
  });

  it('refuses SQL text, a sql`` template and COPY outside a repository', async () => {
    expect(await sqlErrors('hub/src/live/x.ts', 'export const q = `DELETE FROM alerts WHERE id = $1`;\n')).toEqual([
      'SQL text (DELETE FROM…) belongs in a *-repository.ts of this feature',
    ]);
    expect(
      await sqlErrors('hub/src/live/x.ts', 'declare const sql: (s: TemplateStringsArray) => string;\nexport const q = sql`select 1`;\n'),
    ).toHaveLength(1);
    expect(
      await sqlErrors(
        'hub/src/ingest/x.ts',
        "import type { Db } from '../db/db.ts';\nexport const n = (db: Db) => db.copyRows('t', ['a'], [[1]]);\n",
      ),
    ).toHaveLength(1);
  });

  it('allows SQL in a *-repository.ts and in db/, and ordinary words elsewhere', async () => {
    expect(await sqlErrors('hub/src/alerts/x-repository.ts', QUERY)).toEqual([]);
    expect(await sqlErrors('hub/src/db/migrations/999-x.ts', QUERY)).toEqual([]);
    expect(
      await sqlErrors(
        'hub/src/users/x-routes.ts',
        "export const s = 'Create a user';\nexport const q = (r: { query: { a: 1 } }) => r.query.a;\n",
      ),
    ).toEqual([]);
  });

  it('passes on the hub as it is', async () => {
    expect(await messagesIn('hub/src')).toEqual([]);
  });
});
