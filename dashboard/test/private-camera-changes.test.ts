import { describe, expect, it } from 'vitest';
import type { CreatePrivateCameraBody, PrivateCamera } from '@camwatch/config/api';
import { changedFields } from '../src/private-cameras/private-camera-changes.ts';

const stored: PrivateCamera = {
  id: 7,
  unitId: 'LA-BL-PL',
  unitName: 'Phước Lợi',
  ownerKind: 'household',
  owner: { name: 'Nguyễn Thị Hoa', phone: '0908 765 432', address: '14 Ấp 2' },
  lat: 10.612345,
  lon: 106.601234,
  bearingDeg: 135,
  fovDeg: 90,
  rangeM: 25,
  facesStreet: true,
  recorder: { kind: 'dvr', brand: 'Hikvision', daysKept: 14 },
  consent: { date: '2026-12-01', scope: 'footage_contact' },
  registeredBy: 'police',
  registeredAt: 0,
  updatedAt: 0,
};
const { id: _id, unitName: _u, registeredBy: _r, registeredAt: _a, updatedAt: _t, ...entered } = stored;
const asEntered = entered as CreatePrivateCameraBody;

describe('the fields an edit sends', () => {
  it('sends nothing when nothing changed, whatever the key order of nested blocks', () => {
    const reordered = { ...asEntered, recorder: { daysKept: 14, brand: 'Hikvision', kind: 'dvr' as const } };
    expect(changedFields(stored, reordered, true)).toEqual({});
  });

  it('sends only what changed, a nested block whole', () => {
    const after = { ...asEntered, bearingDeg: 200, rangeM: 40, owner: { ...asEntered.owner, phone: '0908 000 111' } };
    expect(changedFields(stored, after, true)).toEqual({
      bearingDeg: 200,
      rangeM: 40,
      owner: { name: 'Nguyễn Thị Hoa', phone: '0908 000 111', address: '14 Ấp 2' },
    });
    expect(changedFields(stored, { ...asEntered, recorder: null }, true)).toEqual({ recorder: null });
  });

  it('never sends the owner when the editor could not read it', () => {
    const after = { ...asEntered, owner: { name: 'x', phone: '1', address: 'y' }, facesStreet: false };
    expect(changedFields({ ...stored, owner: null }, after, false)).toEqual({ facesStreet: false });
  });
});
