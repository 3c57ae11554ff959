import { describe, expect, it } from 'vitest';
import { buildCameraTimeline, nextLiveness, type Liveness, type StationPeriod } from '../src/status/status-rules.ts';

const MIN = 60_000;
const HOLD = 16 * MIN;

describe('station liveness', () => {
  it('goes online on the first message and offline on its Last Will', () => {
    const a = nextLiveness(null, { kind: 'state', state: 'online', bootId: 'boot-aaaa', connectionId: 1, at: 1000, retained: false });
    expect(a.transition).toEqual({ status: 'online', at: 1000, cause: 'connected' });
    const b = nextLiveness(a.liveness, { kind: 'message', at: 5000 });
    expect(b.transition).toBeNull();
    expect(b.liveness?.lastSeenAt).toBe(5000);
    const c = nextLiveness(b.liveness, {
      kind: 'state',
      state: 'offline',
      bootId: 'boot-aaaa',
      connectionId: 1,
      at: 9000,
      retained: false,
    });
    expect(c.transition).toEqual({ status: 'offline', at: 9000, cause: 'last_will' });
  });

  it('ignores the Last Will of an earlier connection', () => {
    const cur: Liveness = { state: 'online', bootId: 'boot-aaaa', connectionId: 2, lastSeenAt: 100, changedAt: 50 };
    const step = nextLiveness(cur, { kind: 'state', state: 'offline', bootId: 'boot-aaaa', connectionId: 1, at: 200, retained: false });
    expect(step.transition).toBeNull();
    expect(step.liveness?.state).toBe('online');
  });

  it('dates a retained will (seen on subscribe) at the last message heard', () => {
    const cur: Liveness = { state: 'online', bootId: 'boot-aaaa', connectionId: 1, lastSeenAt: 700, changedAt: 50 };
    const step = nextLiveness(cur, { kind: 'state', state: 'offline', bootId: 'boot-aaaa', connectionId: 1, at: 99_000, retained: true });
    expect(step.transition?.at).toBe(700);
  });

  it('times out a silent station at the last moment it was heard', () => {
    const cur: Liveness = { state: 'online', bootId: null, connectionId: null, lastSeenAt: 10_000, changedAt: 0 };
    expect(nextLiveness(cur, { kind: 'timeout', now: 10_000 + 179_000, offlineAfterMs: 180_000 }).transition).toBeNull();
    expect(nextLiveness(cur, { kind: 'timeout', now: 10_000 + 180_000, offlineAfterMs: 180_000 }).transition).toEqual({
      status: 'offline',
      at: 10_000,
      cause: 'timeout',
    });
    expect(nextLiveness(null, { kind: 'timeout', now: 1, offlineAfterMs: 1 }).liveness).toBeNull();
  });

  it('never dates a transition at or before the previous one', () => {
    const cur: Liveness = { state: 'offline', bootId: null, connectionId: null, lastSeenAt: 10, changedAt: 500 };
    expect(nextLiveness(cur, { kind: 'message', at: 400 }).transition?.at).toBe(501);
  });
});

describe('held Last Wills', () => {
  const live: Liveness = { state: 'online', bootId: 'boot-aaaa', connectionId: 1, lastSeenAt: 1_000, changedAt: 500, willDelayMs: 30_000 };
  const will = (at: number, retained = false) =>
    ({ kind: 'state', state: 'offline', bootId: 'boot-aaaa', connectionId: 1, at, retained }) as const;
  const held = nextLiveness(live, will(10_000)).liveness!;

  it('holds the will of a station that announced a will delay, for that delay', () => {
    expect(nextLiveness(live, will(10_000)).transition).toBeNull();
    expect(held).toMatchObject({ state: 'online', pendingWill: { at: 10_000, dueAt: 40_000 } });
    // The same will again (a second hub, the retained copy) keeps the first receipt.
    expect(nextLiveness(held, will(12_000)).liveness?.pendingWill).toEqual({ at: 10_000, dueAt: 40_000 });
  });

  it('applies it once every hub has heard past its due time, backdated to its arrival', () => {
    expect(nextLiveness(held, { kind: 'willDue', heardUntil: 39_999 }).transition).toBeNull();
    const due = nextLiveness(held, { kind: 'willDue', heardUntil: 40_000 });
    expect(due.transition).toEqual({ status: 'offline', at: 10_000, cause: 'last_will' });
    expect(due.liveness?.pendingWill).toBeNull();
    expect(nextLiveness(due.liveness, { kind: 'willDue', heardUntil: 50_000 }).transition).toBeNull();
  });

  it('drops it on a message heard after it, or an online of a newer connection, but not on older news', () => {
    expect(nextLiveness(held, { kind: 'message', at: 11_000 }).liveness?.pendingWill).toBeNull();
    expect(nextLiveness(held, { kind: 'message', at: 9_000 }).liveness?.pendingWill).toEqual({ at: 10_000, dueAt: 40_000 });
    const newer = { kind: 'state', state: 'online', bootId: 'boot-aaaa', connectionId: 2, at: 15_000, retained: true } as const;
    expect(nextLiveness(held, newer).liveness?.pendingWill).toBeNull();
    // The retained `online` of the connection that died says nothing about now.
    expect(nextLiveness(held, { ...newer, connectionId: 1 }).liveness?.pendingWill).toEqual({ at: 10_000, dueAt: 40_000 });
    // A new boot is a sign of life whenever its message was received.
    expect(nextLiveness(held, { kind: 'message', at: 9_000, bootId: 'boot-bbbb' }).liveness?.pendingWill).toBeNull();
  });

  it('applies the will at once when the station announced no delay (MQTT 3.1.1) and the hub holds none by default', () => {
    expect(nextLiveness({ ...live, willDelayMs: 0 }, will(10_000)).transition).toEqual({
      status: 'offline',
      at: 10_000,
      cause: 'last_will',
    });
    const unannounced: Liveness = { ...live, willDelayMs: null };
    expect(nextLiveness(unannounced, will(10_000)).transition?.status).toBe('offline');
    expect(nextLiveness(unannounced, { ...will(10_000), defaultWillGraceMs: 5_000 }).liveness?.pendingWill).toEqual({
      at: 10_000,
      dueAt: 15_000,
    });
  });

  it('keeps the will delay a birth announced across the station going offline and online', () => {
    const born = nextLiveness(null, { kind: 'message', at: 100, bootId: 'boot-cccc', willDelayMs: 20_000 }).liveness!;
    const off = nextLiveness(born, { kind: 'timeout', now: 1_000_000, offlineAfterMs: 1 }).liveness!;
    expect(nextLiveness(off, { kind: 'message', at: 2_000_000 }).liveness?.willDelayMs).toBe(20_000);
  });
});

describe('camera timeline', () => {
  const online = (start: number, end: number | null): StationPeriod => ({ status: 'online', start, end });
  const offline = (start: number, end: number | null): StationPeriod => ({ status: 'offline', start, end });

  it('holds a status until the next sample while the station is online', () => {
    const out = buildCameraTimeline({
      from: 0,
      samples: [
        { ts: 10, status: 'ok', cause: null },
        { ts: 50, status: 'down', cause: 'unreachable' },
        { ts: 30, status: 'ok', cause: null },
      ],
      station: [online(0, null)],
      offlineHoldMs: HOLD,
    });
    expect(out).toEqual([
      { status: 'unknown', cause: 'no_data', start: 0, end: 10 },
      { status: 'ok', cause: null, start: 10, end: 50 },
      { status: 'down', cause: 'unreachable', start: 50, end: null },
    ]);
  });

  it('makes cameras unknown (not down) from the moment the station goes offline', () => {
    const out = buildCameraTimeline({
      from: 0,
      samples: [{ ts: 0, status: 'down', cause: 'frozen' }],
      station: [online(0, 100 * MIN), offline(100 * MIN, null)],
      offlineHoldMs: HOLD,
    });
    expect(out).toEqual([
      { status: 'down', cause: 'frozen', start: 0, end: 100 * MIN },
      { status: 'unknown', cause: 'station_offline', start: 100 * MIN, end: null },
    ]);
  });

  it('fills an outage with replayed samples at their true time, each valid for the hold', () => {
    const out = buildCameraTimeline({
      from: 0,
      samples: [
        { ts: 0, status: 'ok', cause: null },
        { ts: 110 * MIN, status: 'down', cause: 'black' }, // replayed, inside the outage
        { ts: 125 * MIN, status: 'down', cause: 'black' }, // replayed refresh
      ],
      station: [online(0, 100 * MIN), offline(100 * MIN, 200 * MIN), online(200 * MIN, null)],
      offlineHoldMs: HOLD,
    });
    expect(out).toEqual([
      { status: 'ok', cause: null, start: 0, end: 100 * MIN },
      { status: 'unknown', cause: 'station_offline', start: 100 * MIN, end: 110 * MIN },
      { status: 'down', cause: 'black', start: 110 * MIN, end: 125 * MIN + HOLD },
      { status: 'unknown', cause: 'station_offline', start: 125 * MIN + HOLD, end: 200 * MIN },
      { status: 'unknown', cause: 'no_data', start: 200 * MIN, end: null },
    ]);
  });

  it('carries a replayed sample across the reconnect until the next sample', () => {
    const out = buildCameraTimeline({
      from: 150 * MIN,
      samples: [
        { ts: 190 * MIN, status: 'degraded', cause: 'blurred' },
        { ts: 230 * MIN, status: 'ok', cause: null },
      ],
      station: [offline(100 * MIN, 200 * MIN), online(200 * MIN, null)],
      offlineHoldMs: HOLD,
    });
    expect(out).toEqual([
      { status: 'unknown', cause: 'station_offline', start: 150 * MIN, end: 190 * MIN },
      { status: 'degraded', cause: 'blurred', start: 190 * MIN, end: 230 * MIN },
      { status: 'ok', cause: null, start: 230 * MIN, end: null },
    ]);
  });

  it('leaves time before the station was first heard without intervals, except replayed slots', () => {
    const out = buildCameraTimeline({
      from: 0,
      samples: [{ ts: 10 * MIN, status: 'ok', cause: null }],
      station: [online(60 * MIN, null)],
      offlineHoldMs: HOLD,
    });
    expect(out).toEqual([
      { status: 'ok', cause: null, start: 10 * MIN, end: 10 * MIN + HOLD },
      { status: 'unknown', cause: 'no_data', start: 60 * MIN, end: null },
    ]);
  });
});
