import { PRIVATE_CAMERA_OWNER_KINDS, type PrivateCamera, type PrivateCameraPositions } from '@camwatch/config';
import type { PrivateCameraPositionRow, PrivateCameraRow } from './private-camera-repository.ts';

/** A row as the API shows it; the owner block only when the route decided the caller may see it (and audited that). */
export function toPrivateCamera(r: PrivateCameraRow, withContact: boolean): PrivateCamera {
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    ownerKind: r.owner_kind,
    owner: withContact ? { name: r.owner_name, phone: r.owner_phone, address: r.address } : null,
    ...placeOf(r),
    consent: { date: r.consent_date, scope: r.consent_scope },
    registeredBy: r.registered_by,
    registeredAt: r.registered_at.getTime(),
    updatedAt: r.updated_at.getTime(),
  };
}

type PlaceColumns = Pick<
  PrivateCameraRow,
  'lat' | 'lon' | 'bearing_deg' | 'fov_deg' | 'range_m' | 'faces_street' | 'recorder_kind' | 'recorder_brand' | 'recording_days'
>;

/** Where a private camera is, what it sees and what records it: the same fields in every answer that shows one. */
export function placeOf(
  r: PlaceColumns,
): Pick<PrivateCamera, 'lat' | 'lon' | 'bearingDeg' | 'fovDeg' | 'rangeM' | 'facesStreet' | 'recorder'> {
  return {
    lat: r.lat,
    lon: r.lon,
    bearingDeg: r.bearing_deg,
    fovDeg: r.fov_deg,
    rangeM: r.range_m,
    facesStreet: r.faces_street,
    recorder: r.recorder_kind === null ? null : { kind: r.recorder_kind, brand: r.recorder_brand, daysKept: r.recording_days },
  };
}

/** The map layer's columnar answer: positions and owner kind only. */
export function toPrivateCameraPositions(rows: readonly PrivateCameraPositionRow[], total: number): PrivateCameraPositions {
  return {
    lat: rows.map((r) => r.lat),
    lon: rows.map((r) => r.lon),
    kind: rows.map((r) => PRIVATE_CAMERA_OWNER_KINDS.indexOf(r.owner_kind)),
    total,
    truncated: total > rows.length,
  };
}
