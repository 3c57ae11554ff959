import { describe, expect, it } from 'vitest';
import {
  PRIVATE_CAMERA_IMPORT_REASONS,
  importProblemText,
  importReasonText,
  parsePrivateCameraCsv,
  readPrivateCameraGrid,
  writePrivateCameraCsv,
  type CreatePrivateCameraBody,
} from '../src/index.ts';

const CAM: CreatePrivateCameraBody = {
  unitId: 'LA-BL-PL',
  ownerKind: 'business',
  owner: { name: 'Cửa hàng "Minh Phát", chi nhánh 2', phone: '0272 3 555 666', address: '1 QL1, Ấp 3' },
  lat: 10.612345,
  lon: 106.601234,
  bearingDeg: 275,
  fovDeg: 90,
  rangeM: 40,
  facesStreet: true,
  recorder: { kind: 'nvr', brand: 'Dahua', daysKept: 21 },
  consent: { date: '2026-03-09', scope: 'footage_contact' },
};

describe('private-camera spreadsheet', () => {
  it('reads back what the writer wrote (quotes, commas, Vietnamese words, dd/mm/yyyy)', () => {
    const household: CreatePrivateCameraBody = {
      ...CAM,
      ownerKind: 'household',
      facesStreet: false,
      recorder: null,
      consent: { date: '2025-12-31', scope: 'listed' },
    };
    const text = writePrivateCameraCsv([CAM, household]);
    expect(text).toContain('09/03/2026');
    // The English sheet (the template's `lang=en`) writes English headings and words; the reader takes both.
    const english = writePrivateCameraCsv([CAM, household], 'en');
    expect(english).toMatch(/^commune_id,owner_kind,/);
    expect(english).toContain('footage contact');
    for (const written of [text, english])
      expect(parsePrivateCameraCsv(written)).toEqual({
        rows: [
          { line: 2, body: CAM },
          { line: 3, body: household },
        ],
        issues: [],
        total: 2,
      });
  });

  it('matches headings without case, accents or spacing, skips notes columns, and reads a decimal comma and a semicolon file', () => {
    const text = [
      'MA XA;loai chu;Chu so huu;So dien thoai;Dia chi;Vi do;Kinh do;Huong (do);Goc nhin (do);Tam xa (m);Huong ra duong;Ngay dong y;Pham vi dong y;Ghi chú',
      'C1;ho gia dinh;An;0901 000 111;2 Ấp 1;10,5;106,25;90;90;20;x;1/2/2026;chi dang ky;gần chợ',
    ].join('\n');
    const r = parsePrivateCameraCsv(text);
    expect(r.issues).toEqual([]);
    expect(r.rows[0]!.body).toMatchObject({
      unitId: 'C1',
      ownerKind: 'household',
      lat: 10.5,
      lon: 106.25,
      facesStreet: true,
      recorder: null,
      consent: { date: '2026-02-01', scope: 'listed' },
    });
  });

  it('reports each bad cell with its line and column, and a missing column once on line 1', () => {
    const grid = [
      [
        'commune_id',
        'owner_kind',
        'owner_name',
        'owner_phone',
        'address',
        'lat',
        'lon',
        'bearing_deg',
        'fov_deg',
        'range_m',
        'faces_street',
        'recorder_kind',
        'consent_date',
        'consent_scope',
      ],
      ['C1', 'household', 'A', '0901', 'x', 10, 106, 90, 90, 20, 'yes', 'VCR', '2026-01-01', 'listed'],
      ['C1', 'household', 'A', '0901', 'x', 95, 106, 90, 90, 20, 'yes', '', '2026-01-01', 'listed'],
      ['C1', 'household', 'A', '0901', 'x', 10, 106, 90, 90, 20, 'yes', '', '2026-02-30', 'listed'],
      ['', '', '', '', '', '', '', '', '', '', '', '', '', ''],
    ];
    const r = readPrivateCameraGrid(grid);
    expect(r.total).toBe(3);
    expect(r.rows).toEqual([]);
    expect(r.issues.map((i) => [i.line, i.column, i.reason, i.params])).toEqual([
      [2, 'Đầu ghi', 'bad_recorder', { value: 'VCR' }],
      [3, 'Vĩ độ', 'too_large', { limit: 90 }],
      [4, 'Ngày đồng ý', 'not_a_date', { value: '2026-02-30' }],
    ]);
    // The English message for API users and the Vietnamese words for the dashboard come from the same code.
    expect(r.issues.map((i) => i.message)).toEqual([
      'recorder must be NVR or DVR (or left empty), not "VCR"',
      'above the allowed maximum (90)',
      'must be a date (dd/mm/yyyy or yyyy-mm-dd), not "2026-02-30"',
    ]);
    expect(r.issues.map((i) => importProblemText(i, 'vi'))).toEqual([
      'đầu ghi phải là NVR hoặc DVR (hoặc để trống), không phải “VCR”',
      'lớn hơn mức cho phép (90)',
      'phải là ngày (dd/mm/yyyy hoặc yyyy-mm-dd), không phải “2026-02-30”',
    ]);
    const missing = readPrivateCameraGrid([grid[0]!.filter((h) => h !== 'owner_phone')]);
    expect(missing.issues).toEqual([
      {
        line: 1,
        column: 'Số điện thoại',
        reason: 'missing_column',
        params: { column: 'ownerPhone' },
        message: 'missing column "Số điện thoại" (or "owner_phone")',
      },
    ]);
  });

  it('words a reason from the wire in either language, and leaves one it does not know to the hub’s message', () => {
    expect(importReasonText('not_a_number', { value: 'mười' }, 'vi')).toBe('phải là số, không phải “mười”');
    expect(importReasonText('not_a_number', { value: 'mười' }, 'en')).toBe('must be a number, not "mười"');
    expect(importReasonText('a_reason_from_a_newer_hub', {}, 'vi')).toBeNull();
    expect(importReasonText(undefined, undefined, 'vi')).toBeNull();
    const params = { column: 'unitId', value: 'x', limit: 1, detail: 'd' };
    for (const reason of PRIVATE_CAMERA_IMPORT_REASONS) {
      const [vi, en] = (['vi', 'en'] as const).map((lang) => importReasonText(reason, params, lang));
      expect(vi, reason).toMatch(/\S/);
      expect(vi, reason).not.toBe(en);
    }
  });
});
