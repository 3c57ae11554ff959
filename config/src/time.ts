import { TIME_ZONE_OFFSET_MS } from './defaults.ts';

/** Start (epoch ms) of the Asia/Ho_Chi_Minh calendar day containing `ts`. */
export function startOfLocalDay(ts: number): number {
  return Math.floor((ts + TIME_ZONE_OFFSET_MS) / 86_400_000) * 86_400_000 - TIME_ZONE_OFFSET_MS;
}

/** Epoch ms of local midnight for a `yyyy-MM-dd` date in Asia/Ho_Chi_Minh. */
export function localDateToTs(date: string): number {
  const ms = Date.parse(`${date}T00:00:00+07:00`);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${date}`);
  return ms;
}

/** `yyyy-MM-dd` of `ts` in Asia/Ho_Chi_Minh. */
export function localDate(ts: number): string {
  return new Date(ts + TIME_ZONE_OFFSET_MS).toISOString().slice(0, 10);
}

/** `dd/MM/yyyy HH:mm` in Asia/Ho_Chi_Minh, the format Vietnamese users read. */
export function formatLocalDateTime(ts: number): string {
  const iso = new Date(ts + TIME_ZONE_OFFSET_MS).toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}
