import type { PrivateCamera } from '@camwatch/config';
import type { PrivateCameraRow } from './private-camera-repository.ts';

/** A row as the API shows it; the owner block only when the route decided the caller may see it (and audited that). */
export function toPrivateCamera(r: PrivateCameraRow, withContact: boolean): PrivateCamera {
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    ownerKind: r.owner_kind,
    owner: withContact ? { name: r.owner_name, phone: r.owner_phone, address: r.address } : null,
    lat: r.lat,
    lon: r.lon,
    bearingDeg: r.bearing_deg,
    fovDeg: r.fov_deg,
    rangeM: r.range_m,
    facesStreet: r.faces_street,
    recorder: r.recorder_kind === null ? null : { kind: r.recorder_kind, brand: r.recorder_brand, daysKept: r.recording_days },
    consent: { date: r.consent_date, scope: r.consent_scope },
    registeredBy: r.registered_by,
    registeredAt: r.registered_at.getTime(),
    updatedAt: r.updated_at.getTime(),
  };
}
