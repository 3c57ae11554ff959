import { describe, expect, it } from 'vitest';
import {
  CAMERA_CAUSES,
  CAMERA_MAP_STATUSES,
  CAUSE_LABELS,
  CAUSE_SEVERITY,
  DATA_KINDS,
  RETAINED_STATION_KINDS,
  STATION_KINDS,
  TOPICS,
  capitalized,
  causeMessages,
  markerStatus,
  statusSeverity,
  worstOf,
  type CameraCause,
  type CameraMapStatus,
} from '../src/index.ts';

describe('worstOf', () => {
  it('is unknown for a station with no cameras: no evidence is not "ok"', () => {
    expect(worstOf([])).toBe('unknown');
  });

  it('ranks down > unknown > degraded > ok, whatever the order', () => {
    expect(worstOf(['ok'])).toBe('ok');
    expect(worstOf(['ok', 'degraded', 'ok'])).toBe('degraded');
    expect(worstOf(['degraded', 'unknown'])).toBe('unknown');
    expect(worstOf(['unknown', 'down', 'ok'])).toBe('down');
    expect(worstOf(['down', 'unknown'])).toBe('down');
  });

  it('agrees with statusSeverity for every pair', () => {
    for (const a of CAMERA_MAP_STATUSES) {
      for (const b of CAMERA_MAP_STATUSES) {
        const w = worstOf([a, b]);
        expect(statusSeverity(w)).toBe(Math.max(statusSeverity(a), statusSeverity(b)));
      }
    }
  });

  it('takes any iterable (a generator over a columnar payload)', () => {
    function* statuses(): Generator<CameraMapStatus> {
      yield 'ok';
      yield 'down';
    }
    expect(worstOf(statuses())).toBe('down');
  });

  it('a station that is not online shows unknown, whatever its cameras last said', () => {
    expect(markerStatus('online', worstOf(['down']))).toBe('down');
    expect(markerStatus('offline', worstOf(['ok']))).toBe('unknown');
    expect(markerStatus('never', worstOf([]))).toBe('unknown');
  });
});

describe('causes', () => {
  it('every cause has a severity and a label in both languages', () => {
    for (const cause of CAMERA_CAUSES) {
      expect(['down', 'degraded']).toContain(CAUSE_SEVERITY[cause]);
      expect(CAUSE_LABELS[cause].vi.length).toBeGreaterThan(0);
      expect(CAUSE_LABELS[cause].en.length).toBeGreaterThan(0);
    }
    expect(Object.keys(CAUSE_LABELS).sort()).toEqual([...CAMERA_CAUSES].sort());
  });

  it('a label table missing a cause does not compile', () => {
    // @ts-expect-error: `low_fps` has no label, so the table is not a CAUSE_LABELS.
    const incomplete: typeof CAUSE_LABELS = { ...CAUSE_LABELS, low_fps: undefined };
    expect(incomplete.low_fps).toBeUndefined();
  });

  it('the dashboard dictionary entries are the labels, capitalized with Vietnamese letters', () => {
    const vi = causeMessages('vi');
    const en = causeMessages('en');
    expect(vi['cause.covered']).toBe('Ống kính bị che');
    expect(vi['cause.onvif_failing']).toBe('ONVIF không phản hồi');
    expect(en['cause.unreachable']).toBe('Camera unreachable');
    for (const cause of CAMERA_CAUSES) expect(vi[`cause.${cause as CameraCause}`]).toBe(capitalized(CAUSE_LABELS[cause].vi));
  });
});

describe('topic kind lists come from TOPICS', () => {
  it('station kinds are the station→hub topics; data kinds are those not retained', () => {
    expect(STATION_KINDS).toEqual(
      Object.entries(TOPICS)
        .filter(([, t]) => t.direction === 'station→hub')
        .map(([k]) => k),
    );
    expect([...DATA_KINDS].sort()).toEqual(['cameraStatus', 'commandReply', 'event', 'health', 'snapshot']);
    expect([...RETAINED_STATION_KINDS].sort()).toEqual(['birth', 'state']);
  });
});
