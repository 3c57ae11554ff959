import { describe, expect, it } from 'vitest';
import { evaluateAlerts, type EvaluationInput } from '../src/alerts/alert-evaluator.ts';
import { versionLess } from '../src/alerts/alert-facts.ts';
import { subjectKey, type Condition, type RuleConfig } from '../src/alerts/alert-types.ts';

const MIN = 60_000;
const rule: RuleConfig = {
  id: 'camera_down',
  enabled: true,
  severity: 'critical',
  durationMs: 10 * MIN,
  resolveAfterMs: 2 * MIN,
  flapWindowMs: 60 * MIN,
  flapMax: 3,
  threshold: null,
  minAgentVersion: null,
};
const down = (since: number): Condition => ({
  rule: 'camera_down',
  subject: 'camera:C1',
  stationId: 'S1',
  cameraId: 'C1',
  unitId: 'U',
  since,
  message: 'm',
  params: { stationName: 'S1', since },
});
const input = (over: Partial<EvaluationInput>): EvaluationInput => ({
  rules: [rule],
  conditions: [],
  unknown: new Set(),
  live: [],
  recentlyResolved: [],
  now: 100 * MIN,
  ...over,
});

describe('alert evaluation (pure)', () => {
  it('waits out the grace period before opening', () => {
    expect(evaluateAlerts(input({ conditions: [down(91 * MIN)] }))).toEqual([]);
    expect(evaluateAlerts(input({ conditions: [down(90 * MIN)] }))).toEqual([
      { kind: 'open', condition: down(90 * MIN), severity: 'critical' },
    ]);
  });

  it('never opens a second alert for a live one, and cancels a pending resolution when the condition returns', () => {
    const live = [{ id: 7, rule: 'camera_down' as const, subject: 'camera:C1', state: 'open' as const, clearedAt: null, reopenCount: 0 }];
    expect(evaluateAlerts(input({ conditions: [down(0)], live }))).toEqual([]);
    expect(evaluateAlerts(input({ conditions: [down(0)], live: [{ ...live[0]!, clearedAt: 99 * MIN }] }))).toEqual([
      { kind: 'unclear', alertId: 7 },
    ]);
  });

  it('resolves only after the condition has been gone resolveAfterMs, as of when it went', () => {
    const live = {
      id: 7,
      rule: 'camera_down' as const,
      subject: 'camera:C1',
      state: 'acknowledged' as const,
      clearedAt: null,
      reopenCount: 0,
    };
    expect(evaluateAlerts(input({ live: [live] }))).toEqual([{ kind: 'clear', alertId: 7, at: 100 * MIN }]);
    expect(evaluateAlerts(input({ live: [{ ...live, clearedAt: 99 * MIN }] }))).toEqual([]);
    expect(evaluateAlerts(input({ live: [{ ...live, clearedAt: 98 * MIN }] }))).toEqual([
      { kind: 'resolve', alertId: 7, at: 98 * MIN, notify: true },
    ]);
  });

  it('neither opens nor resolves what cannot be seen (station offline, maintenance)', () => {
    const unknown = new Set([subjectKey('camera_down', 'camera:C1')]);
    const live = { id: 7, rule: 'camera_down' as const, subject: 'camera:C1', state: 'open' as const, clearedAt: 50 * MIN, reopenCount: 0 };
    expect(evaluateAlerts(input({ conditions: [down(0)], unknown }))).toEqual([]);
    expect(evaluateAlerts(input({ live: [live], unknown }))).toEqual([]);
  });

  it('reopens within the flap window, and goes quiet from the flapMax-th reopening', () => {
    const resolved = (reopenCount: number) => [
      { id: 7, rule: 'camera_down' as const, subject: 'camera:C1', resolvedAt: 95 * MIN, reopenCount },
    ];
    expect(evaluateAlerts(input({ conditions: [down(0)], recentlyResolved: resolved(0) }))).toMatchObject([
      { kind: 'reopen', alertId: 7, reopenCount: 1, notify: true },
    ]);
    expect(evaluateAlerts(input({ conditions: [down(0)], recentlyResolved: resolved(2) }))).toMatchObject([
      { kind: 'reopen', reopenCount: 3, notify: false },
    ]);
    const old = [{ id: 7, rule: 'camera_down' as const, subject: 'camera:C1', resolvedAt: 10 * MIN, reopenCount: 2 }];
    expect(evaluateAlerts(input({ conditions: [down(0)], recentlyResolved: old }))).toMatchObject([{ kind: 'open' }]);
  });

  it('ends the alerts of a disabled rule and opens none', () => {
    const off = { ...rule, enabled: false };
    const live = { id: 7, rule: 'camera_down' as const, subject: 'camera:C1', state: 'open' as const, clearedAt: null, reopenCount: 0 };
    expect(evaluateAlerts(input({ rules: [off], conditions: [down(0)], live: [live] }))).toEqual([
      { kind: 'resolve', alertId: 7, at: 100 * MIN, notify: true },
    ]);
  });

  it('compares agent versions numerically', () => {
    expect(versionLess('1.9.3', '1.10.0')).toBe(true);
    expect(versionLess('1.10.0', '1.9.3')).toBe(false);
    expect(versionLess('2.0.0', '2.0.0')).toBe(false);
    expect(versionLess('0.9.0-rc1', '1.0.0')).toBe(true);
  });
});
