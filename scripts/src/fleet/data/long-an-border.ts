/**
 * The 20 communes along Long An's 132.79 km border with Cambodia (police reports 2022–2024:
 * "20 xã biên giới"), in the five districts and the town that touch it.
 *
 * Where the names come from, and how sure they are:
 * - Tân Hưng (3: Hưng Điền, Hưng Điền B, Hưng Hà): the district's published description ("phía
 *   bắc giáp Campuchia … thuộc địa giới 3 xã Hưng Điền, Hưng Điền B và Hưng Hà").
 * - Vĩnh Hưng (5): the district's "vùng cao biên giới" (Tuyên Bình, Thái Bình Trung, Thái Trị,
 *   Hưng Điền A, Khánh Hưng), which hold its three border gates (Long Khốt, Vàm Đồn, Cả Trốt).
 * - Đức Huệ (5), Mộc Hóa (3), Kiến Tường (2), Thạnh Hóa (2): read from the communes' own
 *   descriptions where found (Bình Hòa Hưng "phía tây giáp Campuchia"; Bình Hòa Đông "phía
 *   Bắc giáp biên giới Căm-pu-chia"; the Mỹ Quý Tây border gate; Thạnh Hóa's 9.5 km of border
 *   north of Tân Hiệp) and otherwise from the map: NOT checked against an official list.
 *   Replace them from the border guard's list when the province provides it.
 */
export const BORDER_COMMUNES: readonly { district: string; name: string }[] = [
  ...['Xã Hưng Điền', 'Xã Hưng Điền B', 'Xã Hưng Hà'].map((name) => ({ district: 'THG', name })),
  ...['Xã Hưng Điền A', 'Xã Khánh Hưng', 'Xã Thái Bình Trung', 'Xã Thái Trị', 'Xã Tuyên Bình'].map((name) => ({ district: 'VH', name })),
  ...['Xã Mỹ Quý Tây', 'Xã Mỹ Quý Đông', 'Xã Mỹ Thạnh Tây', 'Xã Mỹ Bình', 'Xã Bình Hòa Hưng'].map((name) => ({ district: 'DHU', name })),
  ...['Xã Bình Hòa Đông', 'Xã Bình Hòa Trung', 'Xã Bình Thạnh'].map((name) => ({ district: 'MH', name })),
  ...['Xã Bình Hiệp', 'Xã Thạnh Trị'].map((name) => ({ district: 'KT', name })),
  ...['Xã Tân Hiệp', 'Xã Thuận Bình'].map((name) => ({ district: 'THH', name })),
];
