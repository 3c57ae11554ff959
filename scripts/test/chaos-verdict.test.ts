import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChaosResult } from '../src/chaos/chaos-types.ts';
import { chaosFailures } from '../src/chaos/chaos-verdict.ts';

/**
 * The result line of `pnpm chaos --minutes 3` on main before the hub held Last Wills (2026-12-06):
 * every check passed but 1,020 outages of 255 stations no fault touched, all by Last Will.
 */
const BEFORE_HELD_WILLS = JSON.parse(
  readFileSync(new URL('./fixtures/chaos-before-held-wills.json', import.meta.url), 'utf8'),
) as ChaosResult;

describe('the chaos verdict on false outages', () => {
  it('fails a run where a broker restart turned untouched stations red by their Last Wills', () => {
    expect(BEFORE_HELD_WILLS.falseOutages.byCause).toEqual({ last_will: 1020 });
    expect(chaosFailures(BEFORE_HELD_WILLS)).toEqual([expect.stringContaining('1020 Last Will outages of stations no fault touched')]);
  });

  it('passes the same run without them', () => {
    const held: ChaosResult = { ...BEFORE_HELD_WILLS, falseOutages: { stations: 0, intervals: 0, longestMs: 0, byCause: {} } };
    expect(chaosFailures(held)).toEqual([]);
  });
});
