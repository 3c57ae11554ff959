import { expect, it } from 'vitest';
import { ReplayWindow } from '../src/mqtt/replay-window.ts';

it('grows by one per prompt ack up to its maximum, and halves (once per round trip) when acks slow', () => {
  const w = new ReplayWindow({ min: 1, max: 12, slackMs: 100 });
  expect(w.size).toBe(2);
  // Prompt acks: 50 ms round trips.
  for (let i = 0; i < 20; i++) w.acked(i * 10, i * 10 + 50);
  expect(w.size).toBe(12);
  // A burst of slow acks (2 s round trips, all sent before the first cut) is one signal: 12 → 6, not → 1.
  for (let i = 0; i < 5; i++) w.acked(1_000 + i, 3_000 + i);
  expect(w.size).toBe(6);
  // A slow ack of a message sent after the cut cuts again.
  w.acked(3_100, 5_200);
  expect(w.size).toBe(3);
  // Never below the minimum.
  w.failed(6_000, 6_001);
  w.failed(6_100, 6_101);
  expect(w.size).toBe(1);
  // Prompt again: it grows back.
  w.acked(7_000, 7_040);
  w.acked(7_010, 7_050);
  expect(w.size).toBe(3);
});

it('a new connection starts small again and forgets the old round trips', () => {
  const w = new ReplayWindow({ min: 1, max: 8, slackMs: 0 });
  for (let i = 0; i < 10; i++) w.acked(0, 10);
  expect(w.size).toBe(8);
  w.reset();
  expect(w.size).toBe(2);
  // With the old best round trip (10 ms) forgotten, 400 ms is the new best, not slow.
  w.acked(0, 400);
  expect(w.size).toBe(3);
});
