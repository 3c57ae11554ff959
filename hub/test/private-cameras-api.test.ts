import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PRIVATE_CAMERA_COLUMNS,
  type ErrorBody,
  type PrivateCamera,
  type PrivateCameraImportResult,
  type PrivateCameraList,
} from '@camwatch/config';
import { startHarness, type Harness } from './api-support/api-harness.ts';
import { HOUSE } from './api-support/private-camera-fixture.ts';

/**
 * The private-camera register through the API on a real PostgreSQL: register, read, edit,
 * list by unit and bbox, owners' contact only on request and audited per camera, erasure for
 * good, and the spreadsheet import (CSV and a real .xlsx) with bad rows: all or nothing.
 */
describe('private camera register API', () => {
  let h: Harness;
  const auditOf = async (action: string) =>
    (
      await h.db.query<{ username: string; target_id: string; detail: Record<string, unknown> }>(
        `SELECT username, target_id, detail FROM audit_log WHERE action = $1 ORDER BY id`,
        [action],
      )
    ).rows;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('registers, reads without contact by default, and hands out contact only on request, auditing the read', async () => {
    const created = await h.request('POST', '/api/private-cameras', { user: 'commune1', body: HOUSE });
    expect(created.statusCode, created.body).toBe(200);
    const cam = created.json() as PrivateCamera;
    expect(cam).toMatchObject({ unitId: 'C1', unitName: 'Xã Mỹ Lộc', registeredBy: 'commune1', recorder: { kind: 'dvr', daysKept: 14 } });

    const plain = (await h.request('GET', `/api/private-cameras/${cam.id}`, { user: 'viewer' })).json() as PrivateCamera;
    expect(plain.owner).toBeNull();
    expect(plain.bearingDeg).toBe(90);
    // A viewer may see where cameras are, not who owns them.
    expect((await h.request('GET', `/api/private-cameras/${cam.id}?contact=true`, { user: 'viewer' })).statusCode).toBe(403);

    const before = (await auditOf('private_camera.contact_read')).length;
    const withContact = (
      await h.request('GET', `/api/private-cameras/${cam.id}?contact=true`, { user: 'district1' })
    ).json() as PrivateCamera;
    expect(withContact.owner).toEqual(HOUSE.owner);
    const reads = await auditOf('private_camera.contact_read');
    expect(reads.slice(before)).toEqual([{ username: 'district1', target_id: String(cam.id), detail: { unitId: 'C1' } }]);
  });

  it('keeps a camera outside the caller’s area invisible and refuses to register one there', async () => {
    const c3 = await h.request('POST', '/api/private-cameras', {
      user: 'admin',
      body: { ...HOUSE, unitId: 'C3', lat: 10.641, lon: 106.631 },
    });
    const id = (c3.json() as PrivateCamera).id;
    expect((await h.request('GET', `/api/private-cameras/${id}`, { user: 'commune1' })).statusCode).toBe(404);
    const list = (await h.request('GET', '/api/private-cameras', { user: 'commune1' })).json() as PrivateCameraList;
    expect(list.items.map((c) => c.unitId)).not.toContain('C3');
    const elsewhere = await h.request('POST', '/api/private-cameras', { user: 'commune1', body: { ...HOUSE, unitId: 'C3' } });
    expect(elsewhere.statusCode).toBe(404);
    const moved = await h.request('PATCH', `/api/private-cameras/${(list.items[0] as PrivateCamera).id}`, {
      user: 'commune1',
      body: { unitId: 'C3' },
    });
    expect(moved.statusCode).toBe(404);
  });

  it('lists by unit and bbox, and audits one contact read per listed camera', async () => {
    const byUnit = (await h.request('GET', '/api/private-cameras?unitId=D2', { user: 'admin' })).json() as PrivateCameraList;
    expect(byUnit.items.map((c) => c.unitId)).toEqual(['C3']);
    const box = (
      await h.request('GET', '/api/private-cameras?bbox=106.6,10.6,106.605,10.615', { user: 'admin' })
    ).json() as PrivateCameraList;
    expect(box.items.map((c) => c.unitId)).toEqual(['C1']);
    expect((await h.request('GET', '/api/private-cameras?bbox=106.7,10.6,106.6,10.7', { user: 'admin' })).statusCode).toBe(400);
    const before = (await auditOf('private_camera.contact_read')).length;
    const all = (await h.request('GET', '/api/private-cameras?contact=true', { user: 'admin' })).json() as PrivateCameraList;
    expect(all.items.every((c) => c.owner !== null)).toBe(true);
    const reads = (await auditOf('private_camera.contact_read')).slice(before);
    expect(reads.map((r) => r.target_id).sort()).toEqual(all.items.map((c) => String(c.id)).sort());
  });

  it('pages through the list newest first with limit and before, auditing only the contact of the page handed out', async () => {
    const all = (await h.request('GET', '/api/private-cameras', { user: 'admin' })).json() as PrivateCameraList;
    expect(all.items.length).toBeGreaterThanOrEqual(2);
    const ids = all.items.map((c) => c.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const seen: number[] = [];
    let before: number | undefined;
    const auditBefore = (await auditOf('private_camera.contact_read')).length;
    for (;;) {
      const page = (
        await h.request('GET', `/api/private-cameras?limit=1&contact=true${before ? `&before=${before}` : ''}`, { user: 'admin' })
      ).json() as PrivateCameraList;
      seen.push(...page.items.map((c) => c.id));
      if (!page.truncated) break;
      before = page.items.at(-1)!.id;
    }
    expect(seen).toEqual(ids);
    // One audit entry per camera handed out, page by page: never the whole list for one page.
    expect((await auditOf('private_camera.contact_read')).length - auditBefore).toBe(ids.length);
  });

  it('edits only the fields sent and audits their names, never their values', async () => {
    const id = ((await h.request('POST', '/api/private-cameras', { user: 'commune1', body: HOUSE })).json() as PrivateCamera).id;
    const res = await h.request('PATCH', `/api/private-cameras/${id}`, {
      user: 'commune1',
      body: { bearingDeg: 270, owner: { ...HOUSE.owner, phone: '0912 000 111' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ bearingDeg: 270, fovDeg: 100, owner: { phone: '0912 000 111' } });
    const last = (await auditOf('private_camera.update')).at(-1)!;
    expect(last.detail).toEqual({ fields: ['bearingDeg', 'owner'] });
  });

  it('erases on the owner’s request: the row and its personal data are gone, the audit says erasure without them', async () => {
    const id = ((await h.request('POST', '/api/private-cameras', { user: 'commune1', body: HOUSE })).json() as PrivateCamera).id;
    const res = await h.request('POST', `/api/private-cameras/${id}/erase`, { user: 'commune1', body: { reason: 'owner request no. 7' } });
    expect(res.statusCode, res.body).toBe(200);
    expect((await h.request('GET', `/api/private-cameras/${id}`, { user: 'admin' })).statusCode).toBe(404);
    expect((await h.db.query(`SELECT 1 FROM private_cameras WHERE id = $1`, [id])).rows).toHaveLength(0);
    const erasure = (await auditOf('private_camera.erase')).find((e) => e.target_id === String(id))!;
    expect(erasure.detail).toEqual({ unitId: 'C1', ownerKind: 'household', reason: 'owner request no. 7' });
    const everything = JSON.stringify((await h.db.query(`SELECT detail FROM audit_log WHERE target_id = $1`, [String(id)])).rows);
    expect(everything).not.toContain(HOUSE.owner.name);
    expect(everything).not.toContain(HOUSE.owner.phone);
  });
});

/** A commune's sheet: Vietnamese headings, two good rows and three bad ones (lines 3, 5, 6). */
const HEADINGS = [
  'Mã xã',
  'Loại chủ',
  'Chủ sở hữu',
  'Số điện thoại',
  'Địa chỉ',
  'Vĩ độ',
  'Kinh độ',
  'Hướng (độ)',
  'Góc nhìn (độ)',
  'Tầm xa (m)',
  'Hướng ra đường',
  'Đầu ghi',
  'Hãng đầu ghi',
  'Số ngày lưu',
  'Ngày đồng ý',
  'Phạm vi đồng ý',
  'Ghi chú',
];
const ROWS: (string | number)[][] = [
  [
    'C1',
    'Hộ gia đình',
    'Trần Thị Bình',
    '0903 111 222',
    '5 Ấp 2',
    '10,612',
    '106,602',
    45,
    90,
    25,
    'Có',
    'DVR',
    'Dahua',
    7,
    '20/11/2026',
    'Liên hệ trích xuất',
    '',
  ],
  [
    'C1',
    'Doanh nghiệp',
    'Cửa hàng Minh Phát',
    '0272 3 555 666',
    '1 QL1',
    10.613,
    106.603,
    400,
    90,
    40,
    'Có',
    '',
    '',
    '',
    '21/11/2026',
    'Chỉ đăng ký',
    'hướng sai',
  ],
  [
    'C2',
    'Cơ quan',
    'UBND xã Phước Lợi',
    '0272 3 777 888',
    'Trụ sở xã',
    10.632,
    106.622,
    180,
    110,
    60,
    'Có',
    'NVR',
    'Hikvision',
    30,
    '2026-11-22',
    'Kết nối trực tiếp',
    '',
  ],
  [
    'C1',
    'Hộ gia đình',
    'Lê Văn Cường',
    '0904 333 444',
    '9 Ấp 3',
    10.614,
    106.604,
    90,
    90,
    30,
    'có lẽ',
    'DVR',
    'KBVision',
    10,
    '23/11/2026',
    'Liên hệ trích xuất',
    '',
  ],
  [
    'C9',
    'Hộ gia đình',
    'Phạm Văn Dũng',
    '0905 555 666',
    '3 Ấp 1',
    10.615,
    106.605,
    90,
    90,
    30,
    'Không',
    '',
    '',
    '',
    '31/02/2026',
    'Chỉ đăng ký',
    '',
  ],
];
const csvOf = (rows: (string | number)[][]) =>
  [HEADINGS, ...rows].map((r) => r.map((c) => (/[",]/.test(String(c)) ? `"${String(c)}"` : String(c))).join(',')).join('\n');

describe('private camera import (CSV and XLSX, bad rows)', () => {
  let h: Harness;
  const count = async () => (await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM private_cameras`)).rows[0]!.n;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  const expectBadRows = (res: { statusCode: number; json(): unknown }) => {
    expect(res.statusCode).toBe(422);
    const body = res.json() as ErrorBody;
    expect(body.code).toBe('CW_ERR_IMPORT_INVALID');
    const paths = body.issues!.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['line 3, Hướng (độ)', 'line 5, Hướng ra đường', 'line 6, Ngày đồng ý']));
    expect(paths.every((p) => /^line (3|5|6)\b/.test(p))).toBe(true);
    return body;
  };

  it('refuses a CSV with bad rows, naming each line and reason, and writes nothing', async () => {
    const res = await h.request('POST', '/api/private-cameras/import', { user: 'admin', body: { format: 'csv', data: csvOf(ROWS) } });
    const body = expectBadRows(res);
    expect(body.issues!.find((i) => i.path === 'line 5, Hướng ra đường')!.message).toMatch(/có lẽ/);
    // Each reason also comes as a code with its parameters, for a client to word in its user's language.
    const byPath = new Map(body.issues!.map((i) => [i.path, i]));
    expect(byPath.get('line 3, Hướng (độ)')).toMatchObject({ reason: 'too_large', params: { limit: 360 } });
    expect(byPath.get('line 5, Hướng ra đường')).toMatchObject({ reason: 'not_yes_no', params: { value: 'có lẽ' } });
    expect(byPath.get('line 6, Ngày đồng ý')).toMatchObject({ reason: 'not_a_date', params: { value: '31/02/2026' } });
    expect(await count()).toBe(0);
  });

  it('refuses the same sheet as a real .xlsx (dates and numbers as typed cells), and writes nothing', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Camera tư nhân');
    sheet.addRow(HEADINGS);
    for (const r of ROWS) sheet.addRow(r.map((c, i) => (i === 14 && c === '2026-11-22' ? new Date(Date.UTC(2026, 10, 22)) : c)));
    const data = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
    expectBadRows(await h.request('POST', '/api/private-cameras/import', { user: 'admin', body: { format: 'xlsx', data } }));
    expect(await count()).toBe(0);
  });

  it('imports only the good rows when asked, and says which were skipped', async () => {
    const res = await h.request('POST', '/api/private-cameras/import', {
      user: 'admin',
      body: { format: 'csv', data: csvOf(ROWS), onlyGoodRows: true },
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as PrivateCameraImportResult;
    expect(r).toMatchObject({ rows: 5, imported: 2, skipped: 3 });
    expect(r.issues.map((i) => i.line)).toEqual([3, 5, 6]);
    expect(r.issues.map((i) => i.reason)).toEqual(['too_large', 'not_yes_no', 'not_a_date']);
    const rows = (
      await h.db.query<{ owner_name: string; lat: number; consent_date: string }>(
        `SELECT owner_name, lat, to_char(consent_date, 'YYYY-MM-DD') AS consent_date FROM private_cameras ORDER BY id`,
      )
    ).rows;
    expect(rows).toEqual([
      { owner_name: 'Trần Thị Bình', lat: 10.612, consent_date: '2026-11-20' },
      { owner_name: 'UBND xã Phước Lợi', lat: 10.632, consent_date: '2026-11-22' },
    ]);
  });

  it('accepts English headings, and counts a row outside the caller’s area as a bad row', async () => {
    const english = [
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
      'recorder_brand',
      'days_kept',
      'consent_date',
      'consent_scope',
    ];
    const good = [
      'C1',
      'household',
      'Võ Thị Em',
      '0906 777 888',
      '2 Ấp 4',
      10.616,
      106.606,
      0,
      360,
      20,
      'yes',
      'NVR',
      '',
      5,
      '2026-11-24',
      'listed',
    ];
    const data = [english, good, ['C2', ...good.slice(1)]].map((r) => r.join(',')).join('\n');
    const before = await count();
    const res = await h.request('POST', '/api/private-cameras/import', { user: 'commune1', body: { format: 'csv', data } });
    expect(res.statusCode).toBe(422);
    expect((res.json() as ErrorBody).issues).toEqual([
      { path: 'line 3, Mã xã', message: expect.stringMatching(/outside your area/), reason: 'unknown_unit', params: { value: 'C2' } },
    ]);
    expect(await count()).toBe(before);
    const ok = await h.request('POST', '/api/private-cameras/import', {
      user: 'commune1',
      body: { format: 'csv', data: [english, good].join('\n') },
    });
    expect(ok.json()).toMatchObject({ rows: 1, imported: 1, skipped: 0 });
  });

  it('answers a missing column and a file that is not a workbook with an issue each, not a crash', async () => {
    const noPhone = await h.request('POST', '/api/private-cameras/import', {
      user: 'admin',
      body: { format: 'csv', data: csvOf(ROWS).replace('Số điện thoại', 'Ghi chú 2') },
    });
    expect(noPhone.statusCode).toBe(422);
    expect((noPhone.json() as ErrorBody).issues![0]!.message).toMatch(/missing column "Số điện thoại"/);
    const junk = await h.request('POST', '/api/private-cameras/import', {
      user: 'admin',
      body: { format: 'xlsx', data: Buffer.from('not a zip').toString('base64') },
    });
    expect(junk.statusCode).toBe(422);
    expect((junk.json() as ErrorBody).issues![0]!.message).toMatch(/not a readable .xlsx/);
  });

  /** The template's rows with one filled camera in C1, in the template's own language. */
  const FILLED: Record<'vi' | 'en', string[]> = {
    vi: [
      'C1',
      'Hộ gia đình',
      'Đặng Thị Hoa',
      '0907 111 222',
      '5 Ấp 2',
      '10.617',
      '106.607',
      '45',
      '90',
      '25',
      'Có',
      'DVR',
      'Dahua',
      '7',
      '25/11/2026',
      'Liên hệ trích xuất',
    ],
    en: [
      'C1',
      'business',
      'Tiệm Hoa Mai',
      '0907 333 444',
      '6 Ấp 2',
      '10.618',
      '106.608',
      '135',
      '80',
      '35',
      'yes',
      '',
      '',
      '',
      '2026-11-25',
      'listed',
    ],
  };

  it('offers the blank template as CSV and .xlsx in both languages, and each imports back once filled in', async () => {
    for (const lang of ['vi', 'en'] as const) {
      const q = lang === 'en' ? '?lang=en' : '';
      const csv = await h.request('GET', `/api/private-cameras/template.csv${q}`, { user: 'commune1' });
      expect(csv.statusCode, csv.body).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(csv.headers['content-disposition']).toMatch(/^attachment; filename=".+\.csv"$/);
      // The headings are the reader's own columns, in the asked language, and nothing else.
      const text = csv.body.replace(/^\uFEFF/, '');
      expect(text.trimEnd().split('\r\n')).toEqual([PRIVATE_CAMERA_COLUMNS.map((c) => c[lang]).join(',')]);
      const filledCsv = `${csv.body}${FILLED[lang].map((c) => (c.includes(',') ? `"${c}"` : c)).join(',')}\r\n`;
      const before = await count();
      const imported = await h.request('POST', '/api/private-cameras/import', {
        user: 'commune1',
        body: { format: 'csv', data: filledCsv },
      });
      expect(imported.statusCode, imported.body).toBe(200);
      expect(imported.json()).toMatchObject({ rows: 1, imported: 1, skipped: 0 });
      expect(await count()).toBe(before + 1);

      const xlsx = await h.request('GET', `/api/private-cameras/template.xlsx${q}`, { user: 'commune1' });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(PRIVATE_CAMERA_COLUMNS.map((c) => c[lang]));
      expect(sheet.rowCount).toBe(1);
      sheet.addRow(FILLED[lang]);
      const data = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
      const fromXlsx = await h.request('POST', '/api/private-cameras/import', { user: 'commune1', body: { format: 'xlsx', data } });
      expect(fromXlsx.statusCode, fromXlsx.body).toBe(200);
      expect(fromXlsx.json()).toMatchObject({ rows: 1, imported: 1 });
    }
    const owners = (
      await h.db.query<{ owner_name: string; consent_scope: string }>(
        `SELECT owner_name, consent_scope FROM private_cameras WHERE owner_name IN ('Đặng Thị Hoa', 'Tiệm Hoa Mai') ORDER BY id`,
      )
    ).rows;
    expect(owners.map((o) => o.owner_name)).toEqual(['Đặng Thị Hoa', 'Đặng Thị Hoa', 'Tiệm Hoa Mai', 'Tiệm Hoa Mai']);
    expect(owners.map((o) => o.consent_scope)).toEqual(['footage_contact', 'footage_contact', 'listed', 'listed']);
  });
});
