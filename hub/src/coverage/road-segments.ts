import { metresBetween, type GeoPoint } from '@camwatch/config';

/** One short stretch of a road: where it lies along the road, and the point a camera must see. */
export interface RoadSegment {
  /** Metres from the road's first point to the stretch's start and end. */
  fromM: number;
  toM: number;
  /** Midpoint (the point tested against camera views) and the two ends, for drawing. */
  mid: GeoPoint;
  start: [lon: number, lat: number];
  end: [lon: number, lat: number];
  /** The line's own vertices strictly inside the stretch (where the road bends within it). */
  via: [lon: number, lat: number][];
}

const lerp = (a: readonly number[], b: readonly number[], t: number): [number, number] => [
  (a[0] as number) + ((b[0] as number) - (a[0] as number)) * t,
  (a[1] as number) + ((b[1] as number) - (a[1] as number)) * t,
];
const point = (p: readonly number[]): GeoPoint => ({ lon: p[0] as number, lat: p[1] as number });

/**
 * Splits a GeoJSON line ([lon, lat] positions) into stretches of `stepM` metres (the last one
 * shorter). Positions are interpolated linearly: over 50 m the difference from a great circle is
 * far below a GPS fix's error.
 */
export function splitLine(line: readonly (readonly number[])[], stepM: number): RoadSegment[] {
  if (!(stepM > 0)) throw new Error(`segment length must be > 0 m, got ${stepM}`);
  const out: RoadSegment[] = [];
  let along = 0; // metres at the start of the current vertex pair
  let cursorM = 0; // where the next stretch starts
  let cursor: [number, number] | null = null;
  let via: [number, number][] = [];
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const len = metresBetween(point(a), point(b));
    if (cursor === null) cursor = [a[0] as number, a[1] as number];
    else if (cursorM < along) via.push([a[0] as number, a[1] as number]);
    while (len > 0 && cursorM + stepM <= along + len) {
      const endM = cursorM + stepM;
      const end = lerp(a, b, (endM - along) / len);
      out.push(segment(cursor, end, via, cursorM, endM));
      cursor = end;
      via = [];
      cursorM = endM;
    }
    along += len;
  }
  const last = line.at(-1);
  // The remainder past the last whole stretch (skipped when it is a rounding crumb).
  if (cursor && last && along - cursorM > 0.5)
    out.push(segment(cursor, [last[0] as number, last[1] as number], via, cursorM, along));
  return out;
}

function segment(
  start: [number, number],
  end: [number, number],
  via: [number, number][],
  fromM: number,
  toM: number,
): RoadSegment {
  // The midpoint along the straight chord: over 50 m a bend moves it by far less than a camera's range.
  return { fromM, toM, start, end, via, mid: { lon: (start[0] + end[0]) / 2, lat: (start[1] + end[1]) / 2 } };
}
