import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { PictureReferenceKeeper } from '../src/core/picture-reference-keeper.ts';
import { SqliteOutboxStore } from '../src/outbox/sqlite-outbox-store.ts';
import { frameFeatures } from '../src/picture/frame-features.ts';
import { grayFrame } from '../src/picture/gray-frame.ts';
import {
  parseReference,
  REFERENCE_MAX_SAMPLES,
  REFERENCE_MIN_SAMPLES,
  serialiseReference,
  summarise,
} from '../src/picture/picture-reference.ts';

const log = pino({ level: 'silent' });
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A textured 64×48 frame; `seed` moves its pattern a little, as a live street does between samples. */
const frame = (seed: number) => {
  const d = new Uint8Array(64 * 48);
  for (let i = 0; i < d.length; i++) d[i] = (((i % 64) * 7 + Math.floor(i / 64) * 13 + seed * 3) % 200) + 20;
  return grayFrame(64, 48, d);
};
const sample = (seed: number, saturation: number) => summarise([frameFeatures(frame(seed), saturation)]);

describe('per-camera picture references on the agent', () => {
  it('learns day and night apart from several ok samples, persists them, and stops learning at the cap', () => {
    const dir = mkdtempSync(join(tmpdir(), 'camwatch-ref-'));
    dirs.push(dir);
    const path = join(dir, 'outbox.db');
    let store = new SqliteOutboxStore(path);
    const keeper = new PictureReferenceKeeper('REF-C1', store.forStation('ST-REF'), log);
    const activated: string[][] = [];
    for (let i = 1; i <= REFERENCE_MIN_SAMPLES; i++)
      activated.push(keeper.learn({ day: sample(i, 20), night: i === 1 ? sample(i, 0) : null }, 1000 * i));
    expect(activated).toEqual([[], [], ['day']]);
    expect(keeper.current.day?.samples).toBe(REFERENCE_MIN_SAMPLES);
    expect(keeper.current.night?.samples).toBe(1);
    store.close();

    store = new SqliteOutboxStore(path);
    const reopened = new PictureReferenceKeeper('REF-C1', store.forStation('ST-REF'), log);
    expect(reopened.current.day?.samples).toBe(REFERENCE_MIN_SAMPLES);
    expect(reopened.current.day?.hashes).toEqual(keeper.current.day?.hashes);
    for (let i = 0; i < 10; i++) reopened.learn({ day: sample(50 + i, 20), night: null }, 10_000 + i);
    expect(reopened.current.day?.samples).toBe(REFERENCE_MAX_SAMPLES);
    store.close();
  });

  it('relearns rather than trusts a damaged stored reference', () => {
    const dir = mkdtempSync(join(tmpdir(), 'camwatch-ref-'));
    dirs.push(dir);
    const store = new SqliteOutboxStore(join(dir, 'outbox.db'));
    const outbox = store.forStation('ST-REF');
    outbox.setPictureReference('REF-C2', '{"version":1,"day":{"samples":2,"thumb":[1,2]}}', 1);
    expect(new PictureReferenceKeeper('REF-C2', outbox, log).current).toEqual({ version: 1, day: null, night: null });
    store.close();
    expect(() => parseReference('not json')).toThrow(RangeError);
    const good = { version: 1 as const, day: sample(1, 20), night: null };
    expect(parseReference(serialiseReference(good)).day?.hashes).toEqual(good.day?.hashes);
  });
});
