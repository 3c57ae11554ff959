import { describe, expect, it } from 'vitest';
import { HeardClock } from '../src/status/heard-clock.ts';

describe('HeardClock: silence the hub can vouch for', () => {
  it('vouches for nothing until it is listening and an echo came back', () => {
    const c = new HeardClock();
    c.echo(1_000, 1_000);
    expect(c.heard(null)).toBeNull();
    c.listening(true, 2_000);
    expect(c.heard(null)).toBeNull();
    c.echo(2_500, 2_600);
    expect(c.heard(null)).toEqual({ until: 2_500, since: 2_000 });
  });

  it("counts from the echo's send time, never from the future, and never goes back", () => {
    const c = new HeardClock();
    c.listening(true, 0);
    c.echo(10_000, 9_000); // a peer hub's clock ahead of ours
    expect(c.heard(null)?.until).toBe(9_000);
    c.echo(5_000, 12_000); // an older echo arriving late
    expect(c.heard(null)?.until).toBe(9_000);
  });

  it('stops at the oldest message still waiting for its commit', () => {
    const c = new HeardClock();
    c.listening(true, 0);
    c.echo(8_000, 8_100);
    expect(c.heard(3_000)?.until).toBe(3_000);
    expect(c.heard(4_000)?.until).toBe(4_000);
    expect(c.heard(null)?.until).toBe(8_000);
    expect(c.heard(9_000)?.until).toBe(8_000); // received after the echo: the echo still bounds
  });

  it('forgets everything when the connection drops, and restarts the window on resubscribe', () => {
    const c = new HeardClock();
    c.listening(true, 0);
    c.echo(50_000, 50_000);
    c.listening(false, 60_000);
    expect(c.heard(null)).toBeNull();
    c.echo(61_000, 61_000); // in flight when the connection dropped: not evidence of listening
    expect(c.heard(null)).toBeNull();
    c.listening(true, 300_000);
    c.listening(true, 310_000); // a second subscribe callback does not move the window
    c.echo(320_000, 320_100);
    expect(c.heard(null)).toEqual({ until: 320_000, since: 300_000 });
  });
});
