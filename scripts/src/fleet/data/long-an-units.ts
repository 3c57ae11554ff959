/**
 * Long An's administrative units as the provincial police counted them (2022–2024 reports):
 * 15 district-level units, 192 commune-level units = 166 communes (xã), 12 wards (phường),
 * 14 townships (thị trấn).
 *
 * Names are the real ones of the pre-2025 three-tier map, written from memory of the official
 * list (not copied from a survey file): check against an official source before relying on a
 * spelling. The list we know has 15 townships; the police figure has 14, so we fold the town
 * of Hiệp Hòa into the commune of the same name (Đức Hòa), the one pair sharing a name.
 * District areas are the published figures, rounded; `centre` is the approximate middle of the
 * district and `at` the approximate position of a seat, both read off a map to ~1 km. Every
 * other commune centre is generated (see commune-layout.ts): positions are plausible, not real.
 */
export type LonLat = readonly [number, number];
export type CommuneKind = 'commune' | 'ward' | 'township';

export interface CommuneSeed {
  name: string;
  kind: CommuneKind;
  /** Known approximate position (seats, and the two communes where the model started). */
  at?: LonLat;
  /** Real units counted inside this one (see the township of Hiệp Hòa above): their imported boundaries join it. */
  absorbs?: string[];
}

export interface DistrictSeed {
  /** Short code used in unit ids: `LA-<code>`. */
  code: string;
  name: string;
  kind: 'city' | 'town' | 'district';
  centre: LonLat;
  areaKm2: number;
  /** Industrial zones along QL1/N2/QL50: the brief names these as priority areas. */
  industrial: boolean;
  communes: CommuneSeed[];
}

const xa = (...names: string[]): CommuneSeed[] => names.map((name) => ({ name: `Xã ${name}`, kind: 'commune' }));
const phuong = (...names: string[]): CommuneSeed[] => names.map((name) => ({ name: `Phường ${name}`, kind: 'ward' }));
const thiTran = (name: string, at: LonLat): CommuneSeed => ({ name: `Thị trấn ${name}`, kind: 'township', at });

export const PROVINCE = { id: 'LA', name: 'Tỉnh Long An', shortName: 'Long An' } as const;

export const DISTRICTS: DistrictSeed[] = [
  {
    code: 'TA', name: 'Thành phố Tân An', kind: 'city', centre: [106.405, 10.545], areaKm2: 81.7, industrial: true,
    communes: [
      { name: 'Phường 1', kind: 'ward', at: [106.412, 10.537] },
      ...phuong('2', '3', '4', '5', '6', '7', 'Tân Khánh', 'Khánh Hậu'),
      ...xa('Hướng Thọ Phú', 'Nhơn Thạnh Trung', 'Lợi Bình Nhơn', 'Bình Tâm', 'An Vĩnh Ngãi'),
    ],
  },
  {
    code: 'KT', name: 'Thị xã Kiến Tường', kind: 'town', centre: [105.905, 10.825], areaKm2: 204.4, industrial: false,
    communes: [
      { name: 'Phường 1', kind: 'ward', at: [105.925, 10.776] },
      ...phuong('2', '3'),
      ...xa('Bình Hiệp', 'Bình Tân', 'Thạnh Hưng', 'Thạnh Trị', 'Tuyên Thạnh'),
    ],
  },
  {
    code: 'BL', name: 'Huyện Bến Lức', kind: 'district', centre: [106.455, 10.690], areaKm2: 288.0, industrial: true,
    communes: [
      thiTran('Bến Lức', [106.490, 10.640]),
      { name: 'Xã Phước Lợi', kind: 'commune', at: [106.525, 10.672] },
      ...xa('An Thạnh', 'Bình Đức', 'Long Hiệp', 'Lương Bình', 'Lương Hòa', 'Mỹ Yên', 'Nhựt Chánh', 'Tân Bửu', 'Tân Hòa', 'Thanh Phú', 'Thạnh Đức', 'Thạnh Hòa', 'Thạnh Lợi'),
    ],
  },
  {
    code: 'CD', name: 'Huyện Cần Đước', kind: 'district', centre: [106.650, 10.490], areaKm2: 218.1, industrial: false,
    communes: [
      thiTran('Cần Đước', [106.603, 10.507]),
      ...xa('Long Trạch', 'Long Khê', 'Long Định', 'Phước Vân', 'Long Hòa', 'Long Cang', 'Long Sơn', 'Tân Trạch', 'Mỹ Lệ', 'Tân Lân', 'Phước Tuy', 'Long Hựu Đông', 'Long Hựu Tây', 'Tân Ân', 'Phước Đông', 'Tân Chánh'),
    ],
  },
  {
    code: 'CG', name: 'Huyện Cần Giuộc', kind: 'district', centre: [106.700, 10.600], areaKm2: 210.2, industrial: true,
    communes: [
      thiTran('Cần Giuộc', [106.668, 10.608]),
      { name: 'Xã Mỹ Lộc', kind: 'commune', at: [106.640, 10.628] },
      ...xa('Đông Thạnh', 'Long An', 'Long Hậu', 'Long Phụng', 'Long Thượng', 'Phước Hậu', 'Phước Lại', 'Phước Lâm', 'Phước Lý', 'Phước Vĩnh Đông', 'Phước Vĩnh Tây', 'Tân Kim', 'Tân Tập', 'Thuận Thành', 'Trường Bình'),
    ],
  },
  {
    code: 'CT', name: 'Huyện Châu Thành', kind: 'district', centre: [106.500, 10.420], areaKm2: 151.0, industrial: false,
    communes: [
      thiTran('Tầm Vu', [106.470, 10.447]),
      ...xa('An Lục Long', 'Bình Quới', 'Dương Xuân Hội', 'Hiệp Thạnh', 'Hòa Phú', 'Long Trì', 'Phú Ngãi Trị', 'Phước Tân Hưng', 'Thanh Phú Long', 'Thanh Vĩnh Đông', 'Thuận Mỹ', 'Vĩnh Công'),
    ],
  },
  {
    code: 'DHO', name: 'Huyện Đức Hòa', kind: 'district', centre: [106.415, 10.905], areaKm2: 425.9, industrial: true,
    communes: [
      thiTran('Hậu Nghĩa', [106.397, 10.884]),
      thiTran('Đức Hòa', [106.432, 10.862]),
      ...xa('An Ninh Đông', 'An Ninh Tây', 'Đức Hòa Đông', 'Đức Hòa Hạ', 'Đức Hòa Thượng', 'Đức Lập Hạ', 'Đức Lập Thượng'),
      { name: 'Xã Hiệp Hòa', kind: 'commune', absorbs: ['Thị trấn Hiệp Hòa'] },
      ...xa('Hòa Khánh Đông', 'Hòa Khánh Nam', 'Hòa Khánh Tây', 'Hựu Thạnh', 'Lộc Giang', 'Mỹ Hạnh Bắc', 'Mỹ Hạnh Nam', 'Tân Mỹ', 'Tân Phú'),
    ],
  },
  {
    code: 'DHU', name: 'Huyện Đức Huệ', kind: 'district', centre: [106.230, 10.905], areaKm2: 431.0, industrial: false,
    communes: [
      thiTran('Đông Thành', [106.272, 10.858]),
      ...xa('Bình Hòa Bắc', 'Bình Hòa Hưng', 'Bình Hòa Nam', 'Bình Thành', 'Mỹ Bình', 'Mỹ Quý Đông', 'Mỹ Quý Tây', 'Mỹ Thạnh Bắc', 'Mỹ Thạnh Đông', 'Mỹ Thạnh Tây'),
    ],
  },
  {
    code: 'MH', name: 'Huyện Mộc Hóa', kind: 'district', centre: [106.005, 10.765], areaKm2: 299.9, industrial: false,
    communes: [
      thiTran('Bình Phong Thạnh', [105.957, 10.770]),
      ...xa('Bình Hòa Đông', 'Bình Hòa Tây', 'Bình Hòa Trung', 'Bình Thạnh', 'Tân Lập', 'Tân Thành'),
    ],
  },
  {
    code: 'THG', name: 'Huyện Tân Hưng', kind: 'district', centre: [105.640, 10.800], areaKm2: 496.4, industrial: false,
    communes: [
      thiTran('Tân Hưng', [105.662, 10.835]),
      ...xa('Hưng Điền', 'Hưng Điền B', 'Hưng Hà', 'Hưng Thạnh', 'Thạnh Hưng', 'Vĩnh Bửu', 'Vĩnh Châu A', 'Vĩnh Châu B', 'Vĩnh Đại', 'Vĩnh Lợi', 'Vĩnh Thạnh'),
    ],
  },
  {
    code: 'TTH', name: 'Huyện Tân Thạnh', kind: 'district', centre: [105.930, 10.600], areaKm2: 423.0, industrial: false,
    communes: [
      thiTran('Tân Thạnh', [105.958, 10.616]),
      ...xa('Bắc Hòa', 'Hậu Thạnh Đông', 'Hậu Thạnh Tây', 'Kiến Bình', 'Nhơn Hòa', 'Nhơn Hòa Lập', 'Nhơn Ninh', 'Tân Bình', 'Tân Hòa', 'Tân Lập', 'Tân Ninh', 'Tân Thành'),
    ],
  },
  {
    code: 'TTR', name: 'Huyện Tân Trụ', kind: 'district', centre: [106.520, 10.505], areaKm2: 106.1, industrial: false,
    communes: [
      thiTran('Tân Trụ', [106.505, 10.515]),
      ...xa('An Nhựt Tân', 'Bình Lãng', 'Bình Tịnh', 'Bình Trinh Đông', 'Đức Tân', 'Lạc Tấn', 'Mỹ Bình', 'Nhựt Ninh', 'Quê Mỹ Thạnh', 'Tân Bình', 'Tân Phước Tây'),
    ],
  },
  {
    code: 'THH', name: 'Huyện Thạnh Hóa', kind: 'district', centre: [106.110, 10.690], areaKm2: 468.2, industrial: false,
    communes: [
      thiTran('Thạnh Hóa', [106.168, 10.667]),
      ...xa('Tân Đông', 'Tân Hiệp', 'Tân Tây', 'Thạnh An', 'Thạnh Phú', 'Thạnh Phước', 'Thuận Bình', 'Thuận Nghĩa Hòa', 'Thủy Đông', 'Thủy Tây'),
    ],
  },
  {
    code: 'TTA', name: 'Huyện Thủ Thừa', kind: 'district', centre: [106.310, 10.630], areaKm2: 299.0, industrial: true,
    communes: [
      thiTran('Thủ Thừa', [106.402, 10.602]),
      ...xa('Bình An', 'Bình Thạnh', 'Long Thành', 'Long Thạnh', 'Long Thuận', 'Mỹ An', 'Mỹ Lạc', 'Mỹ Phú', 'Mỹ Thạnh', 'Nhị Thành', 'Tân Long', 'Tân Thành'),
    ],
  },
  {
    code: 'VH', name: 'Huyện Vĩnh Hưng', kind: 'district', centre: [105.790, 10.880], areaKm2: 378.0, industrial: false,
    communes: [
      thiTran('Vĩnh Hưng', [105.785, 10.880]),
      ...xa('Hưng Điền A', 'Khánh Hưng', 'Thái Bình Trung', 'Thái Trị', 'Tuyên Bình', 'Tuyên Bình Tây', 'Vĩnh Bình', 'Vĩnh Thuận', 'Vĩnh Trị'),
    ],
  },
];

/** Communes that must be equipped: the model started there. */
export const PIONEER_COMMUNES = [
  { district: 'CG', name: 'Xã Mỹ Lộc' },
  { district: 'BL', name: 'Xã Phước Lợi' },
] as const;
