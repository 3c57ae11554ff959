/**
 * Reconnect delay with exponential backoff and full jitter (AWS architecture blog, "Exponential
 * Backoff And Jitter"): uniform in [min/2, cap) where cap doubles per attempt up to `maxMs`.
 * Jitter spreads a province of stations that lost the broker at the same moment, so they do not
 * all come back in the same second; the floor keeps a dead broker from being hammered.
 */
export function reconnectDelayMs(attempt: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const cap = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  const floor = Math.min(minMs / 2, cap);
  return Math.floor(floor + random() * (cap - floor));
}
