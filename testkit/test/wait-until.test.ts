import { expect, it } from 'vitest';
import { waitUntil } from '../src/wait-until.ts';

it('resolves once a sync or async check holds', async () => {
  let n = 0;
  await waitUntil(() => ++n >= 3, { everyMs: 1 });
  expect(n).toBe(3);
  let m = 0;
  await waitUntil(async () => ++m >= 2, { everyMs: 1 });
  expect(m).toBe(2);
});

it('names what it waited for and adds the detail on timeout', async () => {
  let reads = 0;
  const detail = (): string => {
    reads++;
    return 'output so far:\nboom';
  };
  await expect(waitUntil(() => false, { what: 'the hub', timeoutMs: 30, everyMs: 5, detail })).rejects.toThrow(
    /^timed out after 30 ms waiting for the hub\noutput so far:\nboom$/,
  );
  expect(reads).toBe(1);
});

it('propagates an error thrown by the check', async () => {
  await expect(
    waitUntil(() => {
      throw new Error('bad query');
    }),
  ).rejects.toThrow('bad query');
});
