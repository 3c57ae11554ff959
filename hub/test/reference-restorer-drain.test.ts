import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Db } from '../src/db/db.ts';
import type { IngestItem } from '../src/ingest/ingest-types.ts';
import type { ReferenceRepository } from '../src/references/reference-repository.ts';
import { ReferenceRestorer } from '../src/references/reference-restorer.ts';

/**
 * The hub's shutdown waits for restores already started and takes no new ones: before, a restore
 * still reading its reference when the pool ended failed with "Cannot use a pool after calling
 * end". The repository read is held open here to stand for a slow database.
 */
describe('reference restorer on shutdown', () => {
  it('drains the restores under way, then starts no more', async () => {
    let release!: () => void;
    const slowRead = new Promise<void>((resolve) => (release = resolve));
    const references = {
      ofStations: async () => {
        await slowRead;
        return new Map([['ST-1', [{ cameraId: 'ST-1-C1', reference: { frameHash: 'ab', picture: {} } }]]]);
      },
    } as unknown as ReferenceRepository;
    const sent: unknown[] = [];
    const restorer = new ReferenceRestorer(
      {} as Db,
      references,
      { send: async (_by: unknown, c: unknown) => (sent.push(c), { ok: true }) } as never,
      pino({ level: 'silent' }),
    );
    const birth = {
      kind: 'birth',
      retained: false,
      stationId: 'ST-1',
      payload: { cameras: [{ cameraId: 'ST-1-C1', hasReference: false }] },
    } as unknown as IngestItem;

    restorer.restoreAfter([birth]);
    let drained = false;
    const draining = restorer.drain().then(() => (drained = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(drained).toBe(false);
    release();
    await draining;
    expect(sent).toHaveLength(1);

    restorer.restoreAfter([birth]);
    await restorer.drain();
    expect(sent).toHaveLength(1);
  });
});
