import type { AlertParams, AlertRuleId, Severity } from '@camwatch/config';

export interface RuleConfig {
  id: AlertRuleId;
  enabled: boolean;
  severity: Severity;
  durationMs: number;
  resolveAfterMs: number;
  flapWindowMs: number;
  flapMax: number;
  threshold: number | null;
  minAgentVersion: string | null;
}

/** Something wrong right now, and since when. `subject` is `station:<id>` or `camera:<id>`. */
export interface Condition {
  rule: AlertRuleId;
  subject: string;
  stationId: string;
  cameraId: string | null;
  unitId: string;
  since: number;
  /** A connected private camera's register id: `stationId` is its collector, `unitId` the camera's own commune. */
  privateCameraId?: number | null;
  /** Vietnamese, for the channels; `params` lets each reader build it in its own language. */
  message: string;
  params: AlertParams;
}

/** An alert not yet resolved. `clearedAt`: the condition went away then (resolves after resolveAfterMs). */
export interface LiveAlert {
  id: number;
  rule: AlertRuleId;
  subject: string;
  state: 'open' | 'acknowledged';
  clearedAt: number | null;
  reopenCount: number;
}

/** The last resolved alert of a rule and subject, for flapping detection. */
export interface ResolvedAlert {
  id: number;
  rule: AlertRuleId;
  subject: string;
  resolvedAt: number;
  reopenCount: number;
}

export type Decision =
  | { kind: 'open'; condition: Condition; severity: Severity }
  | { kind: 'reopen'; alertId: number; condition: Condition; reopenCount: number; notify: boolean }
  | { kind: 'clear'; alertId: number; at: number }
  | { kind: 'unclear'; alertId: number }
  | { kind: 'resolve'; alertId: number; at: number; notify: boolean };

export const subjectKey = (rule: string, subject: string) => `${rule}\u0000${subject}`;
