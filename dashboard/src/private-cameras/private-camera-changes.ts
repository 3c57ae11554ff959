import type { CreatePrivateCameraBody, PrivateCamera, UpdatePrivateCameraBody } from '@camwatch/config/api';

type Field = keyof CreatePrivateCameraBody;
const FIELDS: readonly Field[] = [
  'unitId',
  'ownerKind',
  'owner',
  'lat',
  'lon',
  'bearingDeg',
  'fovDeg',
  'rangeM',
  'facesStreet',
  'recorder',
  'consent',
];

/**
 * The fields an edit changed, for PATCH: the hub audits the names of the fields sent, so an
 * edit of the bearing must not read as an edit of the owner's phone too. `ownerKnown` false
 * (no contact permission) leaves the owner out whatever the form holds.
 */
export function changedFields(before: PrivateCamera, after: CreatePrivateCameraBody, ownerKnown: boolean): UpdatePrivateCameraBody {
  const patch: Record<string, unknown> = {};
  for (const f of FIELDS) {
    if (f === 'owner' && !ownerKnown) continue;
    if (!sameValue(before[f], after[f])) patch[f] = after[f];
  }
  return patch as UpdatePrivateCameraBody;
}

/** Deep equality of JSON values; key order does not matter. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return (
    ka.length === kb.length &&
    ka.every((k, i) => k === kb[i] && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
