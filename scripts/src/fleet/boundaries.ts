import type { Feature, Geometry } from 'geojson';
import { communeKey, districtKey, kindOfWord } from './boundary-names.ts';
import { unionAreas, type Area } from './commune-cells.ts';
import type { CommuneKind } from './data/long-an-units.ts';
import { asciiFold, type CommuneIdentity } from './unit-ids.ts';

export type BoundaryRejectReason = 'not-a-feature' | 'not-a-polygon' | 'other-province' | 'unmatched' | 'ambiguous' | 'duplicate';

/** One feature we could not use, said so that the operator can fix the file or our list. */
export interface FeatureProblem {
  feature: string;
  reason: BoundaryRejectReason;
  detail: string;
}

export interface BoundaryImport {
  /** Unit id → imported area. */
  areas: Map<string, Area>;
  /** How each matched unit was found: its id, its exact spelling, or (fallback) without diacritics. */
  matchedBy: { id: number; exact: number; folded: number };
  /** Features of real units our list counts inside another (the township of Hiệp Hòa), joined to it. */
  absorbed: number;
  rejects: Record<BoundaryRejectReason, number>;
  /** Feature side: every feature of the province that was not used, with why. */
  problems: FeatureProblem[];
  /** Unit side: our units that got no boundary ("Xã Tân Thành (Huyện Tân Thạnh)"). */
  missing: string[];
  /** Units in our list. */
  total: number;
}

/** Every unit matched and every feature of the province used. */
export function isComplete(b: BoundaryImport): boolean {
  return b.missing.length === 0 && b.problems.every((p) => p.reason === 'other-province');
}

interface Candidate {
  unit: CommuneIdentity;
  exact: string;
  folded: string;
  district: string;
  kind: CommuneKind;
  /** A real unit our list counts inside `unit` (CommuneSeed.absorbs): its polygon joins the unit's. */
  absorbed: boolean;
}

interface Pending {
  label: string;
  area: Area;
  key: ReturnType<typeof communeKey>;
  kind: CommuneKind | null;
  /** Our district ids the feature's district names; null when it names none. */
  districts: Set<string> | null;
}

function text(props: Record<string, unknown>, ...names: string[]): string | null {
  for (const n of names) {
    const v = props[n];
    if (typeof v === 'string' && v.trim() !== '' && v !== 'NA') return v;
  }
  return null;
}

function isArea(g: Geometry | null | undefined): g is Area {
  return !!g && (g.type === 'Polygon' || g.type === 'MultiPolygon') && Array.isArray(g.coordinates) && g.coordinates.length > 0;
}

/** The district ids a feature's district name means: exact spelling first, folded only if that finds one. */
function districtsNamed(name: string, districtNames: Map<string, string>): Set<string> {
  const key = districtKey(name);
  const exact = [...districtNames].filter(([, n]) => districtKey(n) === key).map(([id]) => id);
  if (exact.length > 0) return new Set(exact);
  const folded = [...districtNames].filter(([, n]) => asciiFold(districtKey(n)) === asciiFold(key)).map(([id]) => id);
  return new Set(folded.length === 1 ? folded : []);
}

const describe = (u: CommuneIdentity, districtNames: Map<string, string>) =>
  `${u.seed.name} (${districtNames.get(u.districtId) ?? u.districtId})`;
const describeCandidate = (c: Candidate, districtNames: Map<string, string>) =>
  c.absorbed ? `the part of ${describe(c.unit, districtNames)} that was a ${c.kind}` : describe(c.unit, districtNames);

/**
 * Matches real commune boundaries (a GeoJSON FeatureCollection: an official export, or GADM 4.1
 * level 3 with NAME_1/NAME_2/NAME_3/TYPE_3) to our units, in passes:
 *  1. by `id` when the feature carries one of our unit ids;
 *  2. by exact spelling (spaces, case, type word and tone placement normalised, diacritics kept),
 *     within the feature's district (`NAME_2`, `district`, `parentName`, or `parentId`) and kind;
 *  3. only then, for what is left, without diacritics, and only when no other unit of that
 *     district and kind folds to the same letters: Tân Thành and Tân Thạnh never match this way.
 * Nothing is guessed: a feature matching no unit, or several, is listed and not applied, and so
 * is every unit left without a boundary. Features of another province (GADM's `NAME_1`) are skipped.
 */
export function matchBoundaries(
  input: unknown,
  communes: CommuneIdentity[],
  districtNames: Map<string, string>,
  province = 'Long An',
): BoundaryImport {
  const rejects: Record<BoundaryRejectReason, number> = {
    'not-a-feature': 0,
    'not-a-polygon': 0,
    'other-province': 0,
    unmatched: 0,
    ambiguous: 0,
    duplicate: 0,
  };
  const problems: FeatureProblem[] = [];
  const problem = (feature: string, reason: BoundaryRejectReason, detail: string) => {
    rejects[reason]++;
    problems.push({ feature, reason, detail });
  };
  const fc = input as { type?: unknown; features?: unknown };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new Error('boundaries: expected a GeoJSON FeatureCollection');

  const candidates: Candidate[] = communes.flatMap((unit) => {
    const k = communeKey(unit.seed.name);
    const own = { unit, exact: k.exact, folded: k.folded, district: unit.districtId, kind: unit.seed.kind, absorbed: false };
    const inside = (unit.seed.absorbs ?? []).map((name) => {
      const a = communeKey(name);
      return { unit, exact: a.exact, folded: a.folded, district: unit.districtId, kind: a.kind ?? unit.seed.kind, absorbed: true };
    });
    return [own, ...inside];
  });
  const byId = new Map(communes.map((c) => [c.id, c]));
  const areas = new Map<string, Area>();
  const matchedBy = { id: 0, exact: 0, folded: 0 };
  const joined = new Map<string, Area[]>();
  const claimed = new Set<string>();
  const claimCandidate = (c: Candidate, p: { label: string; area: Area }, how: keyof typeof matchedBy): void => {
    if (!c.absorbed) return claim(c.unit, p, how);
    const key = `${c.unit.id}/${c.exact}`;
    if (claimed.has(key)) return problem(p.label, 'duplicate', `a second boundary for the part of ${describe(c.unit, districtNames)}`);
    claimed.add(key);
    joined.set(c.unit.id, [...(joined.get(c.unit.id) ?? []), p.area]);
  };
  const claim = (unit: CommuneIdentity, p: { label: string; area: Area }, how: keyof typeof matchedBy): void => {
    if (areas.has(unit.id)) {
      problem(p.label, 'duplicate', `a second boundary for ${describe(unit, districtNames)}`);
      return;
    }
    areas.set(unit.id, p.area);
    matchedBy[how]++;
  };

  const pending: Pending[] = [];
  (fc.features as unknown[]).forEach((raw, i) => {
    const f = raw as Partial<Feature>;
    if (f?.type !== 'Feature') {
      problem(`feature #${i + 1}`, 'not-a-feature', 'not a GeoJSON Feature');
      return;
    }
    const props = (f.properties ?? {}) as Record<string, unknown>;
    const name = text(props, 'name', 'NAME_3');
    const districtName = text(props, 'district', 'parentName', 'NAME_2');
    const gid = text(props, 'GID_3');
    const label = [name ?? text(props, 'id') ?? `feature #${i + 1}`, districtName && `(${districtName})`, gid && `[${gid}]`]
      .filter(Boolean)
      .join(' ');
    const provinceName = text(props, 'NAME_1');
    if (provinceName && districtKey(provinceName) !== districtKey(province)) {
      rejects['other-province']++;
      return;
    }
    if (!isArea(f.geometry)) {
      problem(label, 'not-a-polygon', `geometry ${f.geometry?.type ?? 'missing'}, expected Polygon or MultiPolygon`);
      return;
    }
    const id = text(props, 'id');
    const unit = id ? byId.get(id) : undefined;
    if (unit) {
      claim(unit, { label, area: f.geometry }, 'id');
      return;
    }
    if (!name) {
      problem(label, 'unmatched', 'no name (name or NAME_3) and no known id');
      return;
    }
    const parentId = text(props, 'parentId');
    const districts = parentId ? new Set([parentId]) : districtName ? districtsNamed(districtName, districtNames) : null;
    if (districts?.size === 0) {
      problem(label, 'unmatched', `district "${districtName ?? parentId}" is not one of ours`);
      return;
    }
    const key = communeKey(name);
    const typeWord = text(props, 'TYPE_3', 'ENGTYPE_3', 'kind');
    pending.push({ label, area: f.geometry, key, kind: key.kind ?? (typeWord ? kindOfWord(typeWord) : null), districts });
  });

  const inScope = (c: Candidate, p: Pending) => (!p.districts || p.districts.has(c.district)) && (!p.kind || c.kind === p.kind);
  const left: Pending[] = [];
  for (const p of pending) {
    const found = candidates.filter((c) => c.exact === p.key.exact && inScope(c, p));
    if (found.length === 1) claimCandidate(found[0] as Candidate, p, 'exact');
    else if (found.length > 1)
      problem(p.label, 'ambiguous', `same spelling as ${found.map((c) => describeCandidate(c, districtNames)).join(', ')}`);
    else left.push(p);
  }
  for (const p of left) {
    // Every unit in scope that folds alike counts, matched or not: folding may never choose between two real names.
    const found = candidates.filter((c) => c.folded === p.key.folded && inScope(c, p));
    const [only] = found;
    if (found.length === 1 && only && (only.absorbed || !areas.has(only.unit.id))) claimCandidate(only, p, 'folded');
    else if (found.length === 0) problem(p.label, 'unmatched', 'no unit of that name in that district');
    else
      problem(
        p.label,
        found.length > 1 ? 'ambiguous' : 'duplicate',
        found.length > 1
          ? `differs only in diacritics from ${found.map((c) => describeCandidate(c, districtNames)).join(', ')}`
          : `${describe(only?.unit as CommuneIdentity, districtNames)} already has a boundary`,
      );
  }
  // A joined part without its unit's own boundary stays out: half a commune is not its area.
  let absorbed = 0;
  for (const [id, parts] of joined) {
    const own = areas.get(id);
    if (!own) continue;
    areas.set(id, unionAreas([own, ...parts]));
    absorbed += parts.length;
  }
  const missing = communes.filter((c) => !areas.has(c.id)).map((c) => describe(c, districtNames));
  return { areas, matchedBy, absorbed, rejects, problems, missing, total: communes.length };
}

/** The lines the CLI prints: a summary, then every problem, feature side and unit side. */
export function describeBoundaryImport(b: BoundaryImport, file: string): string[] {
  const { id, exact, folded } = b.matchedBy;
  const lines = [
    `boundaries: ${b.areas.size} of ${b.total} units matched from ${file} (${exact} by exact name, ${folded} without diacritics, ${id} by id)`,
  ];
  if (b.absorbed > 0)
    lines.push(`boundaries: ${b.absorbed} features joined to the unit our list counts them in (e.g. the township of Hiệp Hòa)`);
  if (b.rejects['other-province'] > 0) lines.push(`boundaries: ${b.rejects['other-province']} features of other provinces skipped`);
  for (const p of b.problems) lines.push(`boundaries: feature ${p.feature}: ${p.reason}: ${p.detail}`);
  for (const m of b.missing) lines.push(`boundaries: unit without a boundary: ${m}`);
  return lines;
}
