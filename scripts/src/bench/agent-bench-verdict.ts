import type { BytesCheck } from './agent-traffic-model.ts';

/** The 4G plan of a station: 20 MB a day (brief), for the whole station. */
export const BUDGET_MB_PER_DAY = 20;
/** The agent counts socket bytes; the hub side sees payload + topic + estimated framing: they must agree closely. */
export const OBSERVED_TOLERANCE = 0.05;
/** The model assumes nothing changes (report by exception) and exact periods: allow 10 %. */
export const MODEL_TOLERANCE = 0.1;

export interface AgentBenchFigures {
  /** Bytes a day of the bench's largest station with every snapshot at the cap, under the agent's budget plan. */
  cappedWorstMbPerDay: number;
  /** Null when no steady window was measured. */
  check: BytesCheck | null;
  /** The run was long enough for one whole snapshot period of steady state: the model must have been checked. */
  fullRun: boolean;
}

/** Every reason the bench fails; empty when it passes. */
export function judge(f: AgentBenchFigures): string[] {
  const failures: string[] = [];
  if (f.cappedWorstMbPerDay > BUDGET_MB_PER_DAY)
    failures.push(`capped worst case under the budget plan ${f.cappedWorstMbPerDay.toFixed(2)} MB/day > ${BUDGET_MB_PER_DAY} MB/day`);
  const c = f.check;
  if (!c) return [...failures, 'no steady window: bytesSentToday not checked'];
  if (Math.abs(c.observedRatio - 1) > OBSERVED_TOLERANCE)
    failures.push(`hub-side bytes / bytesSentToday = ${c.observedRatio.toFixed(3)}, outside ±${OBSERVED_TOLERANCE * 100} %`);
  if (c.modelRatio !== null && Math.abs(c.modelRatio - 1) > MODEL_TOLERANCE)
    failures.push(`model / bytesSentToday = ${c.modelRatio.toFixed(3)}, outside ±${MODEL_TOLERANCE * 100} %`);
  if (f.fullRun && c.modelRatio === null) failures.push('a full run, yet the model was not checked against bytesSentToday');
  return failures;
}
