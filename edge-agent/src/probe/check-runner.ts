import type { Logger } from 'pino';
import type { CameraTarget } from '../core/ports.ts';
import { boundedSignal, errorMessage } from './abort-timeout.ts';
import type { CameraCheck, CheckFinding, ProbeEvidence } from './checks/camera-check.ts';
import { redactSecrets } from './media/rtsp-url.ts';
import { RejectedInputError, type RejectCounter } from './reject-counter.ts';

export interface RunChecksInput {
  target: CameraTarget;
  referenceHash: string | null;
  deep: boolean;
  signal: AbortSignal;
  timeoutMs: number;
  log: Logger;
  rejects: RejectCounter;
}

export interface ChecksResult {
  findings: CheckFinding[];
  evidence: ProbeEvidence;
}

/**
 * Runs the checks in order, each under its own time bound, feeding each one what the earlier
 * ones learned. A check that throws fails with its own cause; only the caller's cancellation
 * stops the run.
 */
export async function runChecks(checks: readonly CameraCheck[], input: RunChecksInput): Promise<ChecksResult> {
  const evidence: ProbeEvidence = { reachable: null, streamUrl: null, snapshotUrl: null, stream: null, picture: null, frameHash: null };
  const findings: CheckFinding[] = [];
  const secrets = [input.target.password];
  for (const check of checks) {
    if (check.deepOnly && !input.deep) continue;
    const started = performance.now();
    const signal = boundedSignal(input.signal, input.timeoutMs);
    let finding: CheckFinding;
    try {
      const out = await check.run({ target: input.target, referenceHash: input.referenceHash, evidence, signal, timeoutMs: input.timeoutMs });
      Object.assign(evidence, out.learned);
      finding = { ...out, check: check.name, detail: redactSecrets(out.detail, secrets), ms: Math.round(performance.now() - started) };
    } catch (error) {
      if (input.signal.aborted) throw error;
      if (error instanceof RejectedInputError) input.rejects.add(error.reason);
      const detail = redactSecrets(errorMessage(error), secrets);
      finding = { check: check.name, outcome: 'fail', causes: [check.failCause], detail, ms: Math.round(performance.now() - started) };
    }
    input.log.debug({ check: finding.check, outcome: finding.outcome, causes: finding.causes, ms: finding.ms, detail: finding.detail }, 'check finished');
    findings.push(finding);
  }
  return { findings, evidence };
}
