import type { Language } from '../api/dashboard-auth.ts';
import type { ProgrammeGroupRow } from '../api/hub-programme-report.ts';

/** Column and page labels of the programme report: its CSV, its printable page and the dashboard's page. */
export const PROGRAMME_LABELS = {
  vi: {
    title: 'Báo cáo kết quả thực hiện mô hình "Camera giám sát an ninh, trật tự"',
    period: { month: 'Tháng', quarter: 'Quý', year: 'Năm' },
    from: 'Từ ngày',
    to: 'đến ngày',
    section: 'Mục',
    byUnit: 'Theo đơn vị hành chính',
    byRoad: 'Theo tuyến quốc lộ',
    border: 'Xã, phường biên giới',
    unitId: 'Mã',
    name: 'Đơn vị / tuyến',
    level: 'Cấp',
    withCamera: 'Xã, phường có camera / tổng số',
    withCameraShort: 'Có camera',
    leafUnits: 'Tổng số xã, phường',
    stations: 'Số trạm',
    cameras: 'Số camera',
    working: 'Camera đang hoạt động',
    availability: 'Tỷ lệ sẵn sàng sử dụng (%)',
    uptime: 'Tỷ lệ hoạt động khi liên lạc được (%)',
    added: 'Camera lắp mới',
    retired: 'Camera thu hồi',
    opened: 'Phiếu sửa chữa mở',
    closed: 'Phiếu đã xác minh',
    mttrH: 'Thời gian khắc phục TB (giờ)',
    noData: 'không có dữ liệu',
    generated: 'Lập lúc',
    signer: 'Người lập biểu',
    byGeometry: (m: number) => `trạm cách tuyến ≤ ${m} m`,
    byRoadText: 'theo tên đường ghi ở trạm (bản đồ chưa có tuyến này)',
  },
  en: {
    title: 'Street security camera programme report',
    period: { month: 'Month', quarter: 'Quarter', year: 'Year' },
    from: 'From',
    to: 'to',
    section: 'Section',
    byUnit: 'By administrative unit',
    byRoad: 'By national road',
    border: 'Border units',
    unitId: 'Id',
    name: 'Unit / road',
    level: 'Level',
    withCamera: 'Communes and wards with cameras / total',
    withCameraShort: 'With cameras',
    leafUnits: 'Communes and wards',
    stations: 'Stations',
    cameras: 'Cameras',
    working: 'Cameras working now',
    availability: 'Availability (%)',
    uptime: 'Uptime while reachable (%)',
    added: 'Cameras added',
    retired: 'Cameras retired',
    opened: 'Work orders opened',
    closed: 'Work orders verified',
    mttrH: 'MTTR (h)',
    noData: 'no data',
    generated: 'Generated',
    signer: 'Prepared by',
    byGeometry: (m: number) => `stations within ${m} m of the road`,
    byRoadText: "by the station's road name (no map geometry for this road)",
  },
} as const satisfies Record<Language, unknown>;

/** A road row's label with how its stations were found (distance to the map's line, or the road text). */
export function roadRowLabel(g: ProgrammeGroupRow, distanceM: number, lang: Language): string {
  const L = PROGRAMME_LABELS[lang];
  if (!g.matchedBy) return g.label;
  return `${g.label} (${g.matchedBy === 'geometry' ? L.byGeometry(distanceM) : L.byRoadText})`;
}
