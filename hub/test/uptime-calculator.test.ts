import { describe, expect, it } from 'vitest';
import { computeCameraUptime, sumFigures, type CameraUptimeInput } from '../src/uptime/uptime-calculator.ts';
import { intersect, normalize, subtract, total } from '../src/uptime/spans.ts';
import type { StatusInterval } from '../src/uptime/status-timeline.ts';
import { dayRange, localDays } from '../src/uptime/uptime-range.ts';

const H = 3_600_000;
/** Local wall-clock time in Asia/Ho_Chi_Minh, e.g. at('2025-03-10 08:00'). */
const at = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00+07:00`);
const iv = (status: StatusInterval['status'], start: string, end: string | null, cause: string | null = null): StatusInterval => ({
  status,
  cause,
  startedAt: at(start),
  endedAt: end === null ? null : at(end),
});
const DAY = dayRange('2025-03-10');
const base = (over: Partial<CameraUptimeInput>): CameraUptimeInput => ({
  ...DAY,
  asOf: at('2025-04-01 00:00'),
  installedAt: null,
  retiredAt: null,
  intervals: [],
  maintenance: [],
  ...over,
});

describe('span algebra', () => {
  it('normalizes, intersects and subtracts half-open spans', () => {
    const a = normalize([
      { start: 5, end: 8 },
      { start: 0, end: 3 },
      { start: 3, end: 4 },
      { start: 6, end: 6 },
    ]);
    expect(a).toEqual([
      { start: 0, end: 4 },
      { start: 5, end: 8 },
    ]);
    const b = [{ start: 2, end: 6 }];
    expect(intersect(a, b)).toEqual([
      { start: 2, end: 4 },
      { start: 5, end: 6 },
    ]);
    expect(subtract(a, b)).toEqual([
      { start: 0, end: 2 },
      { start: 6, end: 8 },
    ]);
    expect(total(subtract(a, [{ start: -1, end: 100 }]))).toBe(0);
  });
});

describe('camera uptime maths', () => {
  it('a simple day: one outage of 1.5 h', () => {
    const r = computeCameraUptime(
      base({
        intervals: [
          iv('ok', '2025-03-10 00:00', '2025-03-10 08:00'),
          iv('down', '2025-03-10 08:00', '2025-03-10 09:30', 'unreachable'),
          iv('ok', '2025-03-10 09:30', '2025-03-11 00:00'),
        ],
      }),
    );
    // up = 8 h + 14.5 h = 22.5 h; down = 1.5 h; observed = 24 h; 22.5 / 24 = 93.75 %
    expect(r).toMatchObject({
      scopeMs: 24 * H,
      upMs: 22.5 * H,
      downMs: 1.5 * H,
      noDataMs: 0,
      maintenanceMs: 0,
      observedMs: 24 * H,
      uptimePct: 93.75,
    });
    // one failure, repaired: MTTR = 1.5 h, MTBF = 22.5 h up / 1 failure
    expect(r).toMatchObject({ failures: 1, resolvedOutages: 1, mttrMs: 1.5 * H, mtbfMs: 22.5 * H });
    expect(r.outages).toEqual([
      {
        startedAt: at('2025-03-10 08:00'),
        endedAt: at('2025-03-10 09:30'),
        durationMs: 1.5 * H,
        downMsInRange: 1.5 * H,
        cause: 'unreachable',
        causes: ['unreachable'],
      },
    ]);
  });

  it('counts degraded as up and reports it apart', () => {
    const r = computeCameraUptime(
      base({
        intervals: [
          iv('ok', '2025-03-10 00:00', '2025-03-10 06:00'),
          iv('degraded', '2025-03-10 06:00', '2025-03-10 12:00', 'blurred'),
          iv('down', '2025-03-10 12:00', '2025-03-10 18:00', 'black'),
          iv('ok', '2025-03-10 18:00', null),
        ],
      }),
    );
    // up = 6 + 6 + 6 = 18 h (6 of them degraded); down = 6 h; 18 / 24 = 75 %
    expect(r).toMatchObject({ upMs: 18 * H, degradedMs: 6 * H, downMs: 6 * H, uptimePct: 75 });
  });

  it('treats gaps and unknown status as no data, not downtime', () => {
    const r = computeCameraUptime(
      base({
        intervals: [
          iv('ok', '2025-03-10 00:00', '2025-03-10 06:00'),
          // 06:00–10:00 no interval at all
          iv('unknown', '2025-03-10 10:00', '2025-03-10 12:00'),
          iv('ok', '2025-03-10 12:00', '2025-03-10 20:00'),
          iv('down', '2025-03-10 20:00', '2025-03-10 22:00', 'stream_failing'),
          // 22:00–24:00 nothing
        ],
      }),
    );
    // up = 6 + 8 = 14 h; down = 2 h; no data = 4 (gap) + 2 (unknown) + 2 (tail) = 8 h
    // observed = 16 h; 14 / 16 = 87.5 % (a naive 14 / 24 would say 58.3 %)
    expect(r).toMatchObject({ upMs: 14 * H, downMs: 2 * H, noDataMs: 8 * H, observedMs: 16 * H, uptimePct: 87.5 });
  });

  it('excludes a maintenance window that overlaps an outage from both up and down time', () => {
    const r = computeCameraUptime(
      base({
        intervals: [
          iv('ok', '2025-03-10 00:00', '2025-03-10 10:00'),
          iv('down', '2025-03-10 10:00', '2025-03-10 14:00', 'unreachable'),
          iv('ok', '2025-03-10 14:00', null),
        ],
        maintenance: [{ start: at('2025-03-10 12:00'), end: at('2025-03-10 16:00') }],
      }),
    );
    // maintenance 12–16 = 4 h; down counted 10–12 = 2 h; up = 0–10 (10 h) + 16–24 (8 h) = 18 h
    // observed = 20 h; 18 / 20 = 90 %
    expect(r).toMatchObject({ maintenanceMs: 4 * H, downMs: 2 * H, upMs: 18 * H, noDataMs: 0, uptimePct: 90 });
    // the outage keeps its wall-clock length (4 h, what MTTR averages) but counts 2 h of downtime
    expect(r.outages[0]).toMatchObject({ durationMs: 4 * H, downMsInRange: 2 * H });
    expect(r.mttrMs).toBe(4 * H);
  });

  it('clips an open interval at now, and time after now is not in scope', () => {
    const r = computeCameraUptime(
      base({
        asOf: at('2025-03-10 20:00'),
        intervals: [iv('ok', '2025-03-10 00:00', '2025-03-10 15:00'), iv('down', '2025-03-10 15:00', null, 'unreachable')],
      }),
    );
    // scope = 00–20 (20 h, the future is not missing data); up 15 h, down 15–20 = 5 h; 15 / 20 = 75 %
    expect(r).toMatchObject({
      scopeMs: 20 * H,
      upMs: 15 * H,
      downMs: 5 * H,
      noDataMs: 0,
      uptimePct: 75,
      failures: 1,
      resolvedOutages: 0,
      mttrMs: null,
    });
    expect(r.outages[0]).toMatchObject({ endedAt: null, durationMs: 5 * H, downMsInRange: 5 * H });
  });

  it('clips an open interval at `to` when now is later, keeping the real duration', () => {
    const r = computeCameraUptime(
      base({
        asOf: at('2025-03-11 03:00'),
        intervals: [iv('ok', '2025-03-10 00:00', '2025-03-10 15:00'), iv('down', '2025-03-10 15:00', null)],
      }),
    );
    // down in range = 15–24 = 9 h; the outage has lasted 15:00 → 03:00 next day = 12 h so far
    expect(r).toMatchObject({ downMs: 9 * H, upMs: 15 * H, scopeMs: 24 * H });
    expect(r.outages[0]).toMatchObject({ endedAt: null, durationMs: 12 * H, downMsInRange: 9 * H });
  });

  it('stops trusting an open interval where the station went offline and stayed offline', () => {
    const r = computeCameraUptime(
      base({
        asOf: at('2025-03-10 22:00'),
        stationOfflineSince: at('2025-03-10 18:00'),
        intervals: [iv('ok', '2025-03-10 00:00', '2025-03-10 15:00'), iv('down', '2025-03-10 15:00', null)],
      }),
    );
    // down 15–18 = 3 h; 18–22 = 4 h no data (nothing replayed yet); up 15 h; 15 / 18 = 83.33 %
    expect(r).toMatchObject({ upMs: 15 * H, downMs: 3 * H, noDataMs: 4 * H });
    expect(r.uptimePct).toBeCloseTo((15 / 18) * 100, 10);
  });

  it('counts nothing before install or after retirement', () => {
    const march = { from: at('2025-03-01 00:00'), to: at('2025-04-01 00:00') };
    const r = computeCameraUptime(
      base({
        ...march,
        installedAt: at('2025-03-21 00:00'),
        retiredAt: at('2025-03-31 12:00'),
        intervals: [iv('ok', '2025-03-21 09:00', null)],
      }),
    );
    // scope = 21 Mar 00:00 → 31 Mar 12:00 = 10.5 days = 252 h; 00:00–09:00 on the 21st is no data (9 h)
    // up = 252 − 9 = 243 h; the 20 days before install are neither
    expect(r).toMatchObject({ scopeMs: 252 * H, noDataMs: 9 * H, upMs: 243 * H, downMs: 0, uptimePct: 100 });
  });

  it('merges touching down intervals into one outage and keeps separate ones apart', () => {
    const r = computeCameraUptime(
      base({
        intervals: [
          iv('ok', '2025-03-10 00:00', '2025-03-10 10:00'),
          iv('down', '2025-03-10 10:00', '2025-03-10 11:00', 'unreachable'),
          iv('down', '2025-03-10 11:00', '2025-03-10 12:00', 'stream_failing'),
          iv('ok', '2025-03-10 12:00', '2025-03-10 13:00'),
          iv('down', '2025-03-10 13:00', '2025-03-10 14:00', 'frozen'),
          iv('ok', '2025-03-10 14:00', null),
        ],
      }),
    );
    expect(r.outages.map((o) => [o.durationMs / H, o.causes])).toEqual([
      [2, ['unreachable', 'stream_failing']],
      [1, ['frozen']],
    ]);
    // up = 24 − 3 = 21 h; 2 failures → MTBF 10.5 h; MTTR = (2 + 1) / 2 = 1.5 h
    expect(r).toMatchObject({ failures: 2, resolvedOutages: 2, mttrMs: 1.5 * H, mtbfMs: 10.5 * H, downMs: 3 * H });
  });

  it('splits an outage across local midnight (17:00 UTC) between the two days', () => {
    const intervals = [
      iv('ok', '2025-03-10 00:00', '2025-03-10 22:00'),
      iv('down', '2025-03-10 22:00', '2025-03-11 02:00', 'unreachable'), // 15:00Z → 19:00Z
      iv('ok', '2025-03-11 02:00', null),
    ];
    const days = localDays({ from: at('2025-03-10 00:00'), to: at('2025-03-12 00:00') });
    expect(days.map((d) => d.date)).toEqual(['2025-03-10', '2025-03-11']);
    expect(new Date(days[1]!.from).toISOString()).toBe('2025-03-10T17:00:00.000Z');
    const [d10, d11] = days.map((d) => computeCameraUptime(base({ from: d.from, to: d.to, intervals })));
    // 10th: down 22–24 = 2 h, up 22 h; the outage starts here (failure) but is not repaired yet
    expect(d10).toMatchObject({ downMs: 2 * H, upMs: 22 * H, failures: 1, resolvedOutages: 0 });
    // 11th: down 00–02 = 2 h, up 22 h; repaired here after 4 h in all
    expect(d11).toMatchObject({ downMs: 2 * H, upMs: 22 * H, failures: 0, resolvedOutages: 1, mttrMs: 4 * H });
    // cut at UTC midnight instead (07:00 local), the whole outage would land on one day
    const utc = computeCameraUptime(base({ from: Date.parse('2025-03-10T00:00:00Z'), to: Date.parse('2025-03-11T00:00:00Z'), intervals }));
    expect(utc.downMs).toBe(4 * H);
  });

  it('reflects replayed data that replaced an unknown stretch', () => {
    const before = computeCameraUptime(
      base({
        intervals: [
          iv('ok', '2025-03-10 00:00', '2025-03-10 10:00'),
          iv('unknown', '2025-03-10 10:00', '2025-03-10 12:00'),
          iv('ok', '2025-03-10 12:00', null),
        ],
      }),
    );
    const after = computeCameraUptime(
      base({
        intervals: [
          iv('ok', '2025-03-10 00:00', '2025-03-10 11:00'),
          iv('down', '2025-03-10 11:00', '2025-03-10 12:00', 'frozen'),
          iv('ok', '2025-03-10 12:00', null),
        ],
      }),
    );
    // before: 2 h no data, 22 h up, 100 %; after: up 23 h, down 1 h, 23 / 24 = 95.83 %
    expect(before).toMatchObject({ noDataMs: 2 * H, upMs: 22 * H, uptimePct: 100 });
    expect(after).toMatchObject({ noDataMs: 0, upMs: 23 * H, downMs: 1 * H });
    expect(after.uptimePct).toBeCloseTo((23 / 24) * 100, 10);
  });

  it('lets a newer interval supersede an overlapping older one (never counts time twice)', () => {
    const r = computeCameraUptime(
      base({
        intervals: [
          iv('ok', '2025-03-10 00:00', null), // never closed by mistake
          iv('down', '2025-03-10 06:00', '2025-03-10 07:00'),
          iv('ok', '2025-03-10 07:00', null),
        ],
      }),
    );
    // 0–6 ok, 6–7 down, 7–24 ok: 23 h + 1 h = 24 h, not 24 + 17
    expect(r).toMatchObject({ upMs: 23 * H, downMs: 1 * H, scopeMs: 24 * H });
  });

  it('counts only the spans a moved camera belongs to', () => {
    const r = computeCameraUptime(
      base({
        within: [{ start: -Infinity, end: at('2025-03-10 12:00') }],
        intervals: [iv('down', '2025-03-10 00:00', '2025-03-10 03:00'), iv('ok', '2025-03-10 03:00', null)],
      }),
    );
    // 00–12 only: down 3 h, up 9 h, 75 %; the other half belongs to the other unit
    expect(r).toMatchObject({ scopeMs: 12 * H, downMs: 3 * H, upMs: 9 * H, uptimePct: 75 });
  });

  it('does not count an outage that began inside maintenance as a failure or a repair', () => {
    const r = computeCameraUptime(
      base({
        intervals: [
          iv('ok', '2025-03-10 00:00', '2025-03-10 10:00'),
          iv('down', '2025-03-10 10:00', '2025-03-10 12:00'),
          iv('ok', '2025-03-10 12:00', null),
        ],
        maintenance: [{ start: at('2025-03-10 09:00'), end: at('2025-03-10 11:00') }],
      }),
    );
    // the technician switched it off at 10:00 inside the 09–11 window; 11–12 still counts as down (1 h)
    expect(r).toMatchObject({
      downMs: 1 * H,
      maintenanceMs: 2 * H,
      upMs: 21 * H,
      failures: 0,
      resolvedOutages: 0,
      mttrMs: null,
      mtbfMs: null,
    });
    expect(r.outages).toHaveLength(1);
  });

  it('adds up: the days of a month sum to the month', () => {
    const intervals: StatusInterval[] = [];
    // a deterministic month of flapping: 29 h up, 7 h of something else, the status cycling
    const cycle: StatusInterval['status'][] = ['down', 'unknown', 'degraded', 'down'];
    let t = at('2025-02-27 05:00');
    for (let i = 0; t < at('2025-04-02 00:00'); i++) {
      intervals.push({ status: 'ok', cause: null, startedAt: t, endedAt: t + 29 * H });
      t += 29 * H;
      intervals.push({ status: cycle[i % 4]!, cause: 'unreachable', startedAt: t, endedAt: t + 7 * H });
      t += 7 * H + (i % 3 === 0 ? H : 0); // every third cycle leaves a 1 h gap
    }
    const march = { from: at('2025-03-01 00:00'), to: at('2025-04-01 00:00') };
    const input = base({
      ...march,
      asOf: at('2025-03-29 15:30'),
      installedAt: at('2025-03-02 00:00'),
      intervals,
      maintenance: [
        { start: at('2025-03-05 22:00'), end: at('2025-03-07 03:00') },
        { start: at('2025-03-20 23:30'), end: at('2025-03-21 00:30') },
      ],
    });
    const month = computeCameraUptime(input);
    const days = sumFigures(localDays(march).map((d) => computeCameraUptime({ ...input, from: d.from, to: d.to })));
    for (const k of [
      'scopeMs',
      'upMs',
      'degradedMs',
      'downMs',
      'noDataMs',
      'maintenanceMs',
      'failures',
      'resolvedOutages',
      'resolvedOutageMs',
    ] as const) {
      expect([k, days[k]]).toEqual([k, month[k]]);
    }
    expect(month.failures).toBeGreaterThan(5); // the data exercises what it claims to
    expect(month.noDataMs).toBeGreaterThan(0);
  });

  it('reports null ratios when nothing was observed', () => {
    const r = computeCameraUptime(base({ intervals: [iv('unknown', '2025-03-10 00:00', null)] }));
    expect(r).toMatchObject({ noDataMs: 24 * H, observedMs: 0, uptimePct: null, mttrMs: null, mtbfMs: null });
  });

  it('aggregates time-weighted, not as a mean of percentages', () => {
    const a = computeCameraUptime(base({ intervals: [iv('ok', '2025-03-10 00:00', null)] }));
    const b = computeCameraUptime(
      base({ intervals: [iv('ok', '2025-03-10 00:00', '2025-03-10 06:00'), iv('down', '2025-03-10 06:00', '2025-03-10 12:00')] }),
    );
    // a: 24 h up of 24; b: 6 h up of 12 observed. (24 + 6) / (24 + 12) = 83.33 %, not (100 + 50) / 2 = 75 %
    const sum = sumFigures([a, b]);
    expect(sum).toMatchObject({ upMs: 30 * H, observedMs: 36 * H, noDataMs: 12 * H, failures: 1, mtbfMs: 30 * H });
    expect(sum.uptimePct).toBeCloseTo((30 / 36) * 100, 10);
  });
});
