/** Lower case without diacritics, so "phuoc loi" finds "Phước Lợi" and "duc hoa" finds "Đức Hòa". */
export function foldVietnamese(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
}
