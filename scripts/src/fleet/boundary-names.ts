import type { CommuneKind } from './data/long-an-units.ts';
import { asciiFold } from './unit-ids.ts';

/**
 * Name keys for matching imported boundaries to our units. Real files spell the same unit
 * differently: GADM 4.1 drops every space (`PhướcLợi`, `Phường1`), marks a township sharing a
 * commune's name with a suffix (`HiệpHòa(Thịtrấn)`), and some sources place the tone mark the
 * old way (`Hoà` for `Hòa`). None of that changes which unit is meant, so the exact key removes
 * it and keeps every diacritic: `Tân Thành` and `Tân Thạnh` are two communes of one district.
 */

const KIND_WORDS: [RegExp, CommuneKind][] = [
  [/^xã/u, 'commune'],
  [/^phường/u, 'ward'],
  [/^thịtrấn/u, 'township'],
];

/**
 * Tone placement: "Hòa" (tone on o) and "Hoà" (tone on a) are one name. A tone on the o of "oa"
 * or "oe", or on the u of "uy", only occurs in the open syllable where the two styles differ,
 * so moving it to the second vowel is safe even inside a name written without spaces.
 */
// prettier-ignore
const TONE_MOVES: Record<string, string> = {
  òa: 'oà', óa: 'oá', ỏa: 'oả', õa: 'oã', ọa: 'oạ',
  òe: 'oè', óe: 'oé', ỏe: 'oẻ', õe: 'oẽ', ọe: 'oẹ',
  ùy: 'uỳ', úy: 'uý', ủy: 'uỷ', ũy: 'uỹ', ụy: 'uỵ',
};
const TONE_RE = new RegExp(Object.keys(TONE_MOVES).join('|'), 'gu');
const oneTonePlacement = (s: string) => s.replace(TONE_RE, (m) => TONE_MOVES[m] ?? m);

const squash = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/gu, '');

export interface NameKey {
  /** Spaces, case, the type word and tone placement normalised; diacritics kept. */
  exact: string;
  /** The exact key with diacritics folded: only a fallback, see boundaries.ts. */
  folded: string;
  /** The unit type the name itself states (prefix or suffix), if any. */
  kind: CommuneKind | null;
}

/** `Xã Phước Lợi`, `PhướcLợi`, `Phường1`, `HiệpHòa(Thịtrấn)`, `Thị trấn Tân Hưng` → their keys. */
export function communeKey(name: string): NameKey {
  let s = squash(name);
  let kind: CommuneKind | null = null;
  const suffix = /\((xã|phường|thịtrấn)\)$/u.exec(s);
  if (suffix) {
    s = s.slice(0, suffix.index);
    kind = kindOfWord(suffix[1] ?? '');
  }
  for (const [re, k] of KIND_WORDS) {
    // Only when something follows: a ward named "Phường 1" keeps "1"; a bare type word is no name.
    if (re.test(s) && s.replace(re, '') !== '') {
      s = s.replace(re, '');
      kind ??= k;
      break;
    }
  }
  const exact = oneTonePlacement(s);
  return { exact, folded: asciiFold(exact), kind };
}

/** `Huyện Bến Lức`, `BếnLức`, `Thành phố Tân An`, `TânAn` → one key (diacritics kept). */
export function districtKey(name: string): string {
  const s = squash(name).replace(/^(huyện|thịxã|thànhphố|quận)(?=.)/u, '');
  return oneTonePlacement(s);
}

/** GADM's TYPE_3 / ENGTYPE_3 values (and ours) → a unit kind. */
export function kindOfWord(word: string): CommuneKind | null {
  const w = squash(word);
  if (w === 'xã' || w === 'commune') return 'commune';
  if (w === 'phường' || w === 'ward') return 'ward';
  if (w === 'thịtrấn' || w === 'township' || w === 'town' || w === 'commune-leveltown') return 'township';
  return null;
}
