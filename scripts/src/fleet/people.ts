import type { Rng } from './prng.ts';

/**
 * Made-up contacts for the generated stations. Phone numbers use the 0900 000 xxx block so
 * they look real to a form but are not anybody's number we know of; replace them with the
 * real contacts when the fleet is real.
 */
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Phan', 'Trương', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lâm'];
const MIDDLE_MALE = ['Văn', 'Minh', 'Thanh', 'Hoàng', 'Hữu', 'Quốc', 'Công', 'Đức'];
const MIDDLE_FEMALE = ['Thị', 'Ngọc', 'Thanh', 'Kim', 'Bích'];
const GIVEN_MALE = [
  'Hùng',
  'Dũng',
  'Tâm',
  'Phúc',
  'Lộc',
  'Thành',
  'Hải',
  'Tuấn',
  'Nam',
  'Long',
  'Bình',
  'Hòa',
  'Khoa',
  'Trung',
  'Nghĩa',
  'Hiếu',
  'Tài',
  'Sơn',
  'Cường',
  'Quang',
];
const GIVEN_FEMALE = ['Lan', 'Hạnh', 'Thảo', 'Trang', 'Hương', 'Mai', 'Loan', 'Nhung', 'Yến', 'Diễm'];
const ROLES = ['Trưởng ấp', 'Công an viên', 'Tổ trưởng tổ tự quản', 'Trưởng ban nhân dân ấp', 'Tổ trưởng tổ an ninh'];
const URBAN_ROLES = ['Trưởng khu phố', 'Công an phường', 'Tổ trưởng tổ dân phố', 'Tổ trưởng tổ an ninh'];

/** A made-up Vietnamese full name; `femaleShare` of them women's names. */
export function personName(rng: Rng, femaleShare = 0.2): string {
  const female = rng.next() < femaleShare;
  return [rng.pick(FAMILY), rng.pick(female ? MIDDLE_FEMALE : MIDDLE_MALE), rng.pick(female ? GIVEN_FEMALE : GIVEN_MALE)].join(' ');
}

export function contactName(rng: Rng, urban: boolean): string {
  const name = personName(rng);
  return `${name} (${rng.pick(urban ? URBAN_ROLES : ROLES)})`;
}

export function contactPhone(rng: Rng): string {
  return `0900 000 ${String(rng.int(0, 999)).padStart(3, '0')}`;
}
