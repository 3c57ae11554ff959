import { afterAll, describe, expect, it } from 'vitest';
import { PgliteDb } from '../src/db/pglite-db.ts';
import { HealthRepository } from '../src/status/health-repository.ts';
import { ReadinessService } from '../src/status/readiness-service.ts';
import { pgliteTarget } from './support/databases.ts';

/** GET /api/ready's answer, on a real (in-process) database: the route only maps it to 200 or 503. */
describe('readiness service', () => {
  const target = pgliteTarget();
  afterAll(() => target.stop());

  it('is ready when the database answers, with the hub check read at each call', async () => {
    const hub: { ready?: () => Promise<{ ok: boolean; detail: string }> } = {};
    const readiness = new ReadinessService(new HealthRepository(await target.open()), hub);
    expect(await readiness.check()).toEqual({ ok: true, checks: { database: 'ok' } });
    // Attached after the service was built, as the hub does once its broker is up.
    hub.ready = async () => ({ ok: true, detail: 'broker connected' });
    expect(await readiness.check()).toEqual({ ok: true, checks: { database: 'ok', hub: 'broker connected' } });
    hub.ready = async () => ({ ok: false, detail: 'broker not connected' });
    expect(await readiness.check()).toEqual({ ok: false, failed: 'hub', detail: 'broker not connected' });
  });

  it('is not ready when the database does not answer, and does not ask the hub then', async () => {
    // Its own database, not the target's: closing it here is the point, and the target would close it again.
    const db = await PgliteDb.create();
    let asked = 0;
    const readiness = new ReadinessService(new HealthRepository(db), {
      ready: async () => {
        asked++;
        return { ok: true, detail: 'fine' };
      },
    });
    await db.close();
    const r = await readiness.check();
    expect(r).toMatchObject({ ok: false, failed: 'database' });
    expect(r.ok === false && r.failed === 'database' && r.err).toBeInstanceOf(Error);
    expect(asked).toBe(0);
  });
});
