import type { Rng } from './prng.ts';

const DAY_MS = 86_400_000;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const FIRST = day('2019-01-15');
const LAST = day('2024-12-31');

/**
 * When a commune joined the model. The pioneers (Mỹ Lộc, Phước Lợi) start in 2019; the rest
 * roll out from mid-2019 to the end of 2023, more of them later as the model spread.
 */
export function rolloutDay(rng: Rng, pioneer: boolean): number {
  if (pioneer) return FIRST + rng.int(0, 200);
  const start = day('2019-06-01');
  return start + Math.floor(Math.sqrt(rng.next()) * (day('2023-12-31') - start));
}

/** A station goes up within 18 months of its commune's rollout, never after 2024. */
export function installDate(rng: Rng, rollout: number): string {
  const d = Math.min(LAST, rollout + rng.int(0, 540));
  return new Date(d * DAY_MS).toISOString().slice(0, 10);
}
