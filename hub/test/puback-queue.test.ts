import { expect, it } from 'vitest';
import { NO_ACK, PubackQueue } from '../src/mqtt/puback-queue.ts';

/** A queue whose writes are recorded; `connected` decides whether a write can go out. */
function recorded() {
  const writes: number[][] = [];
  let dropped = 0;
  const state = { connected: true };
  const queue = new PubackQueue(
    (buf) => {
      if (!state.connected) return false;
      writes.push([...buf]);
      return true;
    },
    () => dropped++,
  );
  return { queue, writes, state, dropped: () => dropped };
}
const turn = () => new Promise((r) => setImmediate(r));
/** The message ids of a write of encoded PUBACKs, checking each packet's header. */
const idsOf = (bytes: number[]) => {
  const ids: number[] = [];
  for (let o = 0; o < bytes.length; o += 4) {
    expect(bytes.slice(o, o + 2)).toEqual([0x40, 0x02]);
    ids.push((bytes[o + 2]! << 8) | bytes[o + 3]!);
  }
  return ids;
};

it('writes PUBACKs in receive order, all that became writable in one turn as one write', async () => {
  const { queue, writes } = recorded();
  const tickets = [7, 300, 65535, 0, 9].map((id) => queue.take(id));
  // Settled out of order: nothing can go before the first message is settled.
  queue.settle(tickets[2]!);
  queue.settle(tickets[1]!);
  await turn();
  expect(writes).toEqual([]);
  expect(queue.pending).toBe(5);
  queue.settle(tickets[0]!);
  queue.settle(tickets[4]!);
  await turn();
  expect(writes.map(idsOf)).toEqual([[7, 300, 65535]]);
  queue.settle(tickets[3]!);
  queue.settle(tickets[3]!); // a second settle changes nothing
  await turn();
  expect(writes.map(idsOf)).toEqual([
    [7, 300, 65535],
    [0, 9],
  ]);
  expect(queue.pending).toBe(0);
});

it('a released message is skipped (not acknowledged) without holding later ones; NO_ACK is ignored', async () => {
  const { queue, writes } = recorded();
  const [a, b, c] = [1, 2, 3].map((id) => queue.take(id)) as [number, number, number];
  queue.settle(NO_ACK);
  queue.settle(c);
  queue.release(a);
  queue.settle(b);
  queue.settle(a); // released: stays unacknowledged
  await turn();
  expect(writes.map(idsOf)).toEqual([[2, 3]]);
});

it('a new connection drops what the old one had not written; its tickets settled later count as dropped, never written', async () => {
  const { queue, writes, state, dropped } = recorded();
  const [a, b, c] = [1, 2, 3].map((id) => queue.take(id)) as [number, number, number];
  queue.settle(b);
  queue.settle(a);
  state.connected = false; // the connection dropped before the turn ended: no write possible
  await turn();
  expect(writes).toEqual([]);
  expect(dropped()).toBe(2);
  queue.reset(); // reconnected: c is of the old connection
  expect(queue.pending).toBe(1);
  state.connected = true;
  const d = queue.take(4);
  queue.settle(c);
  queue.settle(d);
  await turn();
  expect(writes.map(idsOf)).toEqual([[4]]);
  expect(dropped()).toBe(3);
  expect(queue.pending).toBe(0);
});

it('settled but not yet written at a reconnect: dropped and counted', async () => {
  const { queue, writes, dropped } = recorded();
  queue.settle(queue.take(5));
  queue.reset();
  await turn();
  expect(writes).toEqual([]);
  expect(dropped()).toBe(1);
});
