/**
 * Half-open time spans [start, end) in epoch ms, and the little algebra the uptime maths
 * needs. Every function takes and returns *normal* lists: sorted, disjoint, non-empty,
 * with touching spans merged, so totals never double-count.
 */
export interface Span {
  start: number;
  end: number;
}

/** Sorts, drops empty spans and merges overlapping or touching ones. */
export function normalize(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** a ∩ b for two normal lists (two pointers, linear). */
export function intersect(a: readonly Span[], b: readonly Span[]): Span[] {
  const out: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Span;
    const y = b[j] as Span;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (end > start) out.push({ start, end });
    if (x.end < y.end) i++;
    else j++;
  }
  return out;
}

/** a − b for two normal lists. */
export function subtract(a: readonly Span[], b: readonly Span[]): Span[] {
  const out: Span[] = [];
  let j = 0;
  for (const x of a) {
    let cursor = x.start;
    while (j < b.length && (b[j] as Span).end <= cursor) j++;
    let k = j;
    while (k < b.length && (b[k] as Span).start < x.end) {
      const y = b[k] as Span;
      if (y.start > cursor) out.push({ start: cursor, end: y.start });
      cursor = Math.max(cursor, y.end);
      k++;
    }
    if (cursor < x.end) out.push({ start: cursor, end: x.end });
  }
  return out;
}

export function total(spans: readonly Span[]): number {
  let sum = 0;
  for (const s of spans) sum += s.end - s.start;
  return sum;
}

/** True when `ts` lies in one of the spans (start included, end excluded). */
export function contains(spans: readonly Span[], ts: number): boolean {
  return spans.some((s) => ts >= s.start && ts < s.end);
}

/** True when `ts` is the end of, or inside, one of the spans: (start, end]. */
export function endsWithin(spans: readonly Span[], ts: number): boolean {
  return spans.some((s) => ts > s.start && ts <= s.end);
}

/** The holes between the spans of a list (not before the first nor after the last). */
export function gaps(spans: readonly Span[]): Span[] {
  const n = normalize(spans);
  const out: Span[] = [];
  for (let i = 1; i < n.length; i++) out.push({ start: (n[i - 1] as Span).end, end: (n[i] as Span).start });
  return out;
}
