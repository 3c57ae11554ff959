/**
 * The chaos schedule as data: each step starts at its offset whatever the others are doing, so
 * faults overlap (the hub dies while the broker is down, PostgreSQL restarts while stations
 * replay their outboxes, a simulator process is killed while its stations are cut off).
 */
export type FaultStep =
  | { at: number; kind: 'brokerRestart'; downMs: number }
  | { at: number; kind: 'hubCrash'; downMs: number }
  | { at: number; kind: 'databaseRestart'; downMs: number; mode: 'fast' | 'immediate' }
  | { at: number; kind: 'uplinkWave'; share: number; forMs: number }
  | { at: number; kind: 'powerCuts'; share: number; restoreAfterMs: number | null }
  | { at: number; kind: 'shardCrash'; downMs: number }
  | { at: number; kind: 'cameraFaults'; share: number; restoreShare: number };

export type FaultKind = FaultStep['kind'];

/** One cycle of faults over `c` ms (offsets as shares of the cycle). */
function cycle(start: number, c: number, first: boolean): FaultStep[] {
  const at = (share: number) => Math.round(start + share * c);
  const down = (ms: number) => Math.max(1_000, Math.min(ms, 0.06 * c));
  return [
    { at: at(0.02), kind: 'cameraFaults', share: 0.03, restoreShare: first ? 0 : 0.5 },
    { at: at(0.12), kind: 'brokerRestart', downMs: down(3_000) },
    { at: at(0.24), kind: 'hubCrash', downMs: down(2_000) },
    { at: at(0.3), kind: 'databaseRestart', downMs: down(4_000), mode: first ? 'immediate' : 'fast' },
    { at: at(0.38), kind: 'powerCuts', share: 0.01, restoreAfterMs: Math.round(0.2 * c) },
    { at: at(0.42), kind: 'powerCuts', share: 0.005, restoreAfterMs: null },
    { at: at(0.46), kind: 'shardCrash', downMs: down(2_000) },
    { at: at(0.55), kind: 'cameraFaults', share: 0.02, restoreShare: 0.5 },
    // The hub dies while the broker is down: both come back in either order.
    { at: at(0.62), kind: 'brokerRestart', downMs: down(4_000) },
    { at: at(0.63), kind: 'hubCrash', downMs: down(2_000) },
    { at: at(0.74), kind: 'databaseRestart', downMs: down(3_000), mode: first ? 'fast' : 'immediate' },
    { at: at(0.78), kind: 'uplinkWave', share: 0.05, forMs: Math.round(0.12 * c) },
    { at: at(0.86), kind: 'hubCrash', downMs: down(1_000) },
  ];
}

/**
 * The whole fault phase of `phaseMs`: 10 % of the stations lose their uplink early on for a
 * good part of the phase (up to 4 minutes), while cycles of the other faults run underneath.
 * A short run is one cycle; a long run repeats them every ~90 s.
 */
export function planFaults(phaseMs: number): FaultStep[] {
  const cycles = Math.max(1, Math.round(phaseMs / 90_000));
  const c = phaseMs / cycles;
  const steps: FaultStep[] = [{ at: Math.round(0.03 * phaseMs), kind: 'uplinkWave', share: 0.1, forMs: Math.round(Math.min(240_000, 0.45 * phaseMs)) }];
  for (let i = 0; i < cycles; i++) steps.push(...cycle(i * c, c, i === 0));
  return steps.sort((a, b) => a.at - b.at);
}
