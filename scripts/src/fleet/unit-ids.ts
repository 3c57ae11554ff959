import { isValidId } from '@camwatch/config';
import { DISTRICTS, PROVINCE, type CommuneSeed } from './data/long-an-units.ts';

/** Strips Vietnamese diacritics (đ is its own letter, not a combining mark). */
export function asciiFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/** The name without its "Xã"/"Phường"/"Thị trấn" prefix, e.g. for matching imported boundaries. */
export function bareName(name: string): string {
  return name.replace(/^(Xã|Phường|Thị trấn|Huyện|Thị xã|Thành phố|Tỉnh) /, '');
}

/**
 * Commune code: initials of the bare name (`Phước Lợi` → `PL`), wards keep their number
 * (`Phường 7` → `P7`), townships get a `TT` prefix so they never clash with a commune.
 * A clash inside a district takes the next free digit (`TH`, `TH2`): the list order is fixed,
 * so ids are stable.
 */
function communeCode(seed: CommuneSeed): string {
  const bare = asciiFold(bareName(seed.name));
  if (seed.kind === 'ward' && /^\d+$/.test(bare)) return `P${bare}`;
  const initials = bare
    .split(/\s+/)
    .map((w) => (/^\d+$/.test(w) ? w : w.charAt(0)))
    .join('')
    .toUpperCase();
  return seed.kind === 'township' ? `TT${initials}` : initials;
}

export interface CommuneIdentity {
  id: string;
  districtId: string;
  seed: CommuneSeed;
}

export function districtId(code: string): string {
  return `${PROVINCE.id}-${code}`;
}

/** Ids for every commune, in data order; throws if the data would give an invalid or duplicate id. */
export function communeIdentities(): CommuneIdentity[] {
  const out: CommuneIdentity[] = [];
  const all = new Set<string>();
  for (const d of DISTRICTS) {
    const did = districtId(d.code);
    for (const seed of d.communes) {
      const base = `${did}-${communeCode(seed)}`;
      let id = base;
      for (let n = 2; all.has(id); n++) id = `${base}${n}`;
      if (!isValidId(id)) throw new Error(`invalid unit id ${id} for ${seed.name}`);
      all.add(id);
      out.push({ id, districtId: did, seed });
    }
  }
  return out;
}
