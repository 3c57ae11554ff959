import type { Condition, Decision, LiveAlert, ResolvedAlert, RuleConfig } from './alert-types.ts';
import { subjectKey } from './alert-types.ts';

export interface EvaluationInput {
  rules: readonly RuleConfig[];
  /** Every condition true now (grace not yet applied). */
  conditions: readonly Condition[];
  /**
   * Subjects whose state cannot be known now: cameras and health of a station that is offline
   * (its one station alert speaks for them: parent–child suppression) and everything in a
   * maintenance window. Their alerts neither open nor resolve.
   */
  unknown: ReadonlySet<string>; // subjectKey(rule, subject)
  live: readonly LiveAlert[];
  recentlyResolved: readonly ResolvedAlert[];
  now: number;
}

/**
 * The alert lifecycle as a pure function: what to open, reopen, resolve. Grace: a condition
 * must last `durationMs`. Hysteresis: an alert resolves only after its condition has been gone
 * `resolveAfterMs`. Flapping: a condition returning within `flapWindowMs` of a resolution
 * reopens that alert; from the `flapMax`-th reopening on, changes are recorded but not sent.
 */
export function evaluateAlerts(input: EvaluationInput): Decision[] {
  const { now } = input;
  const decisions: Decision[] = [];
  const rules = new Map(input.rules.map((r) => [r.id, r]));
  const liveByKey = new Map(input.live.map((a) => [subjectKey(a.rule, a.subject), a]));
  const resolvedByKey = new Map(input.recentlyResolved.map((a) => [subjectKey(a.rule, a.subject), a]));
  const active = new Set<string>();

  for (const c of input.conditions) {
    const rule = rules.get(c.rule);
    const key = subjectKey(c.rule, c.subject);
    if (!rule?.enabled || input.unknown.has(key)) continue;
    active.add(key);
    const live = liveByKey.get(key);
    if (live) {
      if (live.clearedAt !== null) decisions.push({ kind: 'unclear', alertId: live.id });
      continue;
    }
    if (now - c.since < rule.durationMs) continue;
    const prev = resolvedByKey.get(key);
    if (prev && now - prev.resolvedAt <= rule.flapWindowMs) {
      const reopenCount = prev.reopenCount + 1;
      decisions.push({ kind: 'reopen', alertId: prev.id, condition: c, reopenCount, notify: reopenCount < rule.flapMax });
    } else {
      decisions.push({ kind: 'open', condition: c, severity: rule.severity });
    }
  }

  for (const a of input.live) {
    const key = subjectKey(a.rule, a.subject);
    if (active.has(key)) continue;
    const rule = rules.get(a.rule);
    const notify = a.reopenCount < (rule?.flapMax ?? 1);
    // A disabled rule's alerts end now; a subject we cannot see keeps its alert as it is.
    if (!rule?.enabled) {
      decisions.push({ kind: 'resolve', alertId: a.id, at: now, notify });
      continue;
    }
    if (input.unknown.has(key)) continue;
    if (a.clearedAt === null) {
      if (rule.resolveAfterMs === 0) decisions.push({ kind: 'resolve', alertId: a.id, at: now, notify });
      else decisions.push({ kind: 'clear', alertId: a.id, at: now });
    } else if (now - a.clearedAt >= rule.resolveAfterMs) {
      // Resolved as of when the condition went away, not when the hysteresis ran out.
      decisions.push({ kind: 'resolve', alertId: a.id, at: a.clearedAt, notify });
    }
  }
  return decisions;
}
