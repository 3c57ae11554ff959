import type { CreatePrivateCameraBody } from '@camwatch/config';

/** A household camera in commune C1 of the fixture province, as a commune officer would register it. */
export const HOUSE: CreatePrivateCameraBody = {
  unitId: 'C1',
  ownerKind: 'household',
  owner: { name: 'Nguyễn Văn An', phone: '0901 234 567', address: '12 Ấp 1, Xã Mỹ Lộc' },
  lat: 10.611,
  lon: 106.601,
  bearingDeg: 90,
  fovDeg: 100,
  rangeM: 30,
  facesStreet: true,
  recorder: { kind: 'dvr', brand: 'Hikvision', daysKept: 14 },
  consent: { date: '2026-11-20', scope: 'footage_contact' },
};
