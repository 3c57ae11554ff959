export type Lang = 'vi' | 'en';

/** Column and page labels of the exports; Vietnamese by default. */
export const LABELS = {
  vi: {
    uptimeTitle: 'Báo cáo tỷ lệ hoạt động camera',
    outageTitle: 'Danh sách sự cố camera',
    period: 'Thời gian',
    generated: 'Lập lúc',
    unitId: 'Mã đơn vị', unitName: 'Tên đơn vị', kind: 'Loại', parent: 'Trực thuộc', stations: 'Số trạm', cameras: 'Số camera',
    uptimePct: 'Tỷ lệ hoạt động (%)', observedH: 'Thời gian theo dõi (giờ)', downH: 'Thời gian hỏng (giờ)', outages: 'Số lần hỏng', mttrMin: 'Thời gian khắc phục TB (phút)',
    camera: 'Camera', station: 'Trạm', unit: 'Đơn vị', startedAt: 'Bắt đầu', endedAt: 'Kết thúc', durationMin: 'Thời lượng (phút)', cause: 'Nguyên nhân', ongoing: 'Chưa khắc phục',
    noData: 'không có dữ liệu', total: 'Tổng', mttr: 'Thời gian khắc phục trung bình',
  },
  en: {
    uptimeTitle: 'Camera uptime report',
    outageTitle: 'Camera outages',
    period: 'Period',
    generated: 'Generated',
    unitId: 'Unit id', unitName: 'Unit', kind: 'Kind', parent: 'Parent', stations: 'Stations', cameras: 'Cameras',
    uptimePct: 'Uptime (%)', observedH: 'Observed (h)', downH: 'Down (h)', outages: 'Outages', mttrMin: 'MTTR (min)',
    camera: 'Camera', station: 'Station', unit: 'Unit', startedAt: 'Started', endedAt: 'Ended', durationMin: 'Duration (min)', cause: 'Cause', ongoing: 'Ongoing',
    noData: 'no data', total: 'Total', mttr: 'Mean time to repair',
  },
} as const;
