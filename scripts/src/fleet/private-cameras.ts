import type { CreatePrivateCameraBody, PrivateCameraConsentScope, PrivateCameraOwnerKind } from '@camwatch/config';
import { largestRemainder } from './allocate.ts';
import { LONG_AN_FLEET } from './generate-fleet.ts';
import type { CommuneGeo, Geography } from './geography.ts';
import { contactPhone, personName } from './people.ts';
import { normaliseBearing, round6, type Projection } from './planar.ts';
import type { Rng } from './prng.ts';
import { containsPoint, type RoadPoint } from './road-network.ts';

/**
 * The province's private cameras (police figures, issue 16): more than 5,572 installed by
 * residents, 231 of them turned to the road, and more than 17,110 of agencies and businesses
 * facing the street, about 13 for every programme camera.
 */
export const LONG_AN_PRIVATE_CAMERAS = { households: 5572, householdsFacingRoad: 231, streetFacing: 17_110 } as const;
/** Of the street-facing non-household cameras, the share held by agencies (offices, schools, clinics). */
const AGENCY_SHARE = 0.12;

export interface PrivateCameraSummary {
  total: number;
  households: number;
  householdsFacingRoad: number;
  business: number;
  agency: number;
}

export interface PrivateCameraCounts {
  households: number;
  householdsFacingRoad: number;
  business: number;
  agency: number;
}

/** The figures scaled to a fleet of `programmeCameras` (the real 1,696 gives the real figures). */
export function privateCameraCounts(programmeCameras: number): PrivateCameraCounts {
  return scaledCounts(programmeCameras / LONG_AN_FLEET.cameras);
}

/**
 * The police figures' proportions scaled to `total` private cameras, exactly (the register's
 * planning figure of ~25,000 for one province, issue 16 item 6, is not a multiple of them).
 */
export function privateCameraCountsForTotal(total: number): PrivateCameraCounts {
  const real = LONG_AN_PRIVATE_CAMERAS.households + LONG_AN_PRIVATE_CAMERAS.streetFacing;
  const n = scaledCounts(total / real);
  // Rounding each figure may miss the total by one: the business count (the largest) absorbs it.
  return { ...n, business: n.business + total - (n.households + n.business + n.agency) };
}

function scaledCounts(ratio: number): PrivateCameraCounts {
  const streetFacing = Math.round(LONG_AN_PRIVATE_CAMERAS.streetFacing * ratio);
  const agency = Math.round(streetFacing * AGENCY_SHARE);
  return {
    households: Math.round(LONG_AN_PRIVATE_CAMERAS.households * ratio),
    householdsFacingRoad: Math.round(LONG_AN_PRIVATE_CAMERAS.householdsFacingRoad * ratio),
    business: streetFacing - agency,
    agency,
  };
}

/** Where private cameras cluster: towns and wards, national roads, then area. */
function density(c: CommuneGeo): number {
  return (c.kind === 'commune' ? 1 : 3) * (c.mainRoad.length > 0 ? 1.6 : 1) * Math.sqrt(Math.max(1, c.areaKm2));
}

const CONSENT: Record<PrivateCameraOwnerKind, readonly (readonly [PrivateCameraConsentScope, number])[]> = {
  household: [
    ['listed', 55],
    ['footage_contact', 43],
    ['live_connection', 2],
  ],
  business: [
    ['listed', 35],
    ['footage_contact', 58],
    ['live_connection', 7],
  ],
  agency: [
    ['listed', 10],
    ['footage_contact', 60],
    ['live_connection', 30],
  ],
};
const BRANDS = [
  ['Hikvision', 35],
  ['Dahua', 25],
  ['KBVision', 15],
  ['Ezviz', 10],
  ['Imou', 8],
  ['Vantech', 7],
] as const;
const SHOPS = ['Cửa hàng', 'Tạp hóa', 'Nhà thuốc', 'Quán cà phê', 'Tiệm vàng', 'Công ty TNHH', 'Cây xăng', 'Đại lý'];
const AGENCIES = ['UBND', 'Trường Tiểu học', 'Trường THCS', 'Trạm Y tế', 'Bưu điện', 'Ngân hàng', 'Công an'];
const CONSENT_FROM = Date.UTC(2025, 0, 1);
const CONSENT_TO = Date.UTC(2026, 10, 30);

function ownerName(kind: PrivateCameraOwnerKind, c: CommuneGeo, rng: Rng): string {
  if (kind === 'household') return personName(rng, 0.35);
  if (kind === 'agency') return `${rng.pick(AGENCIES)} ${c.name.replace(/^(Xã|Phường|Thị trấn) /, '')}`;
  return `${rng.pick(SHOPS)} ${personName(rng, 0.4).split(' ').at(-1)!} ${rng.int(1, 99)}`;
}

/** A house or shop beside a road point: set back 4–25 m to one side of the road, inside the commune. */
function besideRoad(p: RoadPoint, c: CommuneGeo, rng: Rng, proj: Projection): { lon: number; lat: number; side: number } {
  const side = rng.next() < 0.5 ? 90 : -90;
  const rad = (normaliseBearing(p.bearing + side) * Math.PI) / 180;
  const along = ((p.bearing * Math.PI) / 180) as number;
  const [x, y] = proj.toXY([p.lon, p.lat]);
  const off = rng.range(0.004, 0.025);
  const slide = rng.range(-0.05, 0.05);
  const [lon, lat] = proj.toLonLat(x + off * Math.sin(rad) + slide * Math.sin(along), y + off * Math.cos(rad) + slide * Math.cos(along));
  if (containsPoint(c, lon, lat)) return { lon: round6(lon), lat: round6(lat), side };
  return { lon: round6(p.lon), lat: round6(p.lat), side };
}

function roadPoint(c: CommuneGeo, rng: Rng, onMainRoad: number): RoadPoint {
  if (c.mainRoad.length > 0 && rng.next() < onMainRoad) return rng.pick(c.mainRoad);
  return rng.pick(rng.pick(c.localRoads).points);
}

function camera(kind: PrivateCameraOwnerKind, facesStreet: boolean, c: CommuneGeo, rng: Rng, proj: Projection): CreatePrivateCameraBody {
  const p = roadPoint(c, rng, kind === 'household' ? 0.25 : 0.55);
  const at = besideRoad(p, c, rng, proj);
  // Facing the street: looking back across the road (opposite the side the house stands on).
  // Otherwise: into the yard or shop, away from the road.
  const towardRoad = normaliseBearing(p.bearing - at.side);
  const bearing = facesStreet ? towardRoad + rng.range(-35, 35) : towardRoad + 180 + rng.range(-60, 60);
  const hasRecorder = rng.next() < (kind === 'household' ? 0.6 : kind === 'business' ? 0.85 : 0.97);
  const urban = c.kind !== 'commune';
  const hamlet = `${urban ? 'Khu phố' : 'Ấp'} ${rng.int(1, Math.max(3, Math.min(12, Math.round(c.areaKm2 / 4))))}`;
  const day = new Date(CONSENT_FROM + Math.floor(rng.next() * ((CONSENT_TO - CONSENT_FROM) / 86_400_000)) * 86_400_000);
  return {
    unitId: c.id,
    ownerKind: kind,
    owner: { name: ownerName(kind, c, rng), phone: contactPhone(rng), address: `Số ${rng.int(1, 300)} ${p.road}, ${hamlet}, ${c.name}` },
    lat: at.lat,
    lon: at.lon,
    bearingDeg: Math.round(normaliseBearing(bearing)),
    fovDeg: rng.pick([70, 80, 90, 100, 110]),
    rangeM: facesStreet ? rng.int(15, kind === 'household' ? 30 : 60) : rng.int(5, 15),
    facesStreet,
    recorder: hasRecorder
      ? {
          kind: rng.next() < 0.55 ? 'dvr' : 'nvr',
          brand: rng.weighted(BRANDS),
          daysKept: rng.int(kind === 'agency' ? 15 : 5, kind === 'agency' ? 90 : 30),
        }
      : null,
    consent: { date: day.toISOString().slice(0, 10), scope: rng.weighted(CONSENT[kind]) },
  };
}

/**
 * A seeded set of private cameras for the generated province, in proportion to its programme
 * cameras (or `total` of them in the same proportions), spread over communes by `density` and
 * placed beside their roads.
 */
export function generatePrivateCameras(
  geo: Geography,
  programmeCameras: number,
  rng: Rng,
  total?: number,
): { cameras: CreatePrivateCameraBody[]; summary: PrivateCameraSummary } {
  const n = total === undefined ? privateCameraCounts(programmeCameras) : privateCameraCountsForTotal(total);
  const kinds: [PrivateCameraOwnerKind, boolean][] = [
    ...Array.from({ length: n.householdsFacingRoad }, () => ['household', true] as [PrivateCameraOwnerKind, boolean]),
    ...Array.from({ length: n.households - n.householdsFacingRoad }, () => ['household', false] as [PrivateCameraOwnerKind, boolean]),
    ...Array.from({ length: n.business }, () => ['business', true] as [PrivateCameraOwnerKind, boolean]),
    ...Array.from({ length: n.agency }, () => ['agency', true] as [PrivateCameraOwnerKind, boolean]),
  ];
  const perCommune = largestRemainder(kinds.length, geo.communes.map(density));
  // Which commune each camera goes to, shuffled so every commune gets a mix of owners.
  const slots = geo.communes.flatMap((c, i) => Array.from({ length: perCommune[i] ?? 0 }, () => c));
  for (let i = slots.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [slots[i], slots[j]] = [slots[j]!, slots[i]!];
  }
  const cameras = kinds.map(([kind, faces], i) => camera(kind, faces, slots[i]!, rng, geo.projection));
  return { cameras, summary: { total: cameras.length, ...n } };
}
