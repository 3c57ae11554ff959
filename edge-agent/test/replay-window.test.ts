import { expect, it } from 'vitest';
import { ReplayWindow } from '../src/mqtt/replay-window.ts';

it('starts full, cuts to 70 % (once per round trip) when acks slow, and grows back by one per prompt ack', () => {
  const w = new ReplayWindow({ min: 1, max: 12, slackMs: 100 });
  expect(w.size).toBe(12);
  // Prompt acks (50 ms round trips) keep it full.
  for (let i = 0; i < 5; i++) w.acked(i * 10, i * 10 + 50);
  expect(w.size).toBe(12);
  // A burst of slow acks (2 s round trips, all sent before the first cut) is one signal: 12 → 8, not → 1.
  for (let i = 0; i < 5; i++) w.acked(1_000 + i, 3_000 + i);
  expect(w.size).toBe(8);
  // A slow ack of a message sent after the cut cuts again.
  w.acked(3_100, 5_200);
  expect(w.size).toBe(5);
  // Never below the minimum.
  for (let i = 0; i < 5; i++) w.failed(6_000 + i * 100, 6_001 + i * 100);
  expect(w.size).toBe(1);
  // Prompt again: it grows back.
  w.acked(7_000, 7_040);
  w.acked(7_010, 7_050);
  expect(w.size).toBe(3);
});

it('a new connection starts full again and forgets the old round trips', () => {
  const w = new ReplayWindow({ min: 1, max: 8, slackMs: 0 });
  w.acked(0, 10);
  w.acked(100, 500);
  expect(w.size).toBe(5);
  w.reset();
  expect(w.size).toBe(8);
  // With the old best round trip (10 ms) forgotten, 400 ms is the new best, not slow.
  w.acked(0, 400);
  expect(w.size).toBe(8);
});
