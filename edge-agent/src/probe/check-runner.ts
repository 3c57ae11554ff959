import type { Logger } from 'pino';
import type { CameraTarget } from '../core/ports.ts';
import type { PictureReference } from '../picture/picture-reference.ts';
import { boundedSignal, errorMessage } from './abort-timeout.ts';
import type { CameraCheck, CheckFinding, ProbeEvidence } from './checks/camera-check.ts';
import { redactSecrets } from './media/rtsp-url.ts';
import { RejectedInputError, type RejectCounter } from './reject-counter.ts';

export interface RunChecksInput {
  target: CameraTarget;
  referenceHash: string | null;
  pictureReference: PictureReference | null;
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

/** Below this, a check is not started: it could not finish. */
const MIN_CHECK_MS = 200;
/** A check's share never goes below this (a busy event loop can take 100 ms to see a local connect). */
const SHARE_FLOOR_MS = 1000;

/**
 * Runs the checks in order inside `timeoutMs` for the whole probe (the core puts its own
 * deadline on the probe, and a probe that misses it counts as a dead camera). Each check
 * gets at most its share of the budget and never more than what is left; it is fed what
 * the earlier checks learned. A check that throws or runs out of time fails with its own
 * cause; only the caller's cancellation stops the run.
 */
export async function runChecks(checks: readonly CameraCheck[], input: RunChecksInput): Promise<ChecksResult> {
  const evidence: ProbeEvidence = {
    reachable: null,
    streamUrl: null,
    snapshotUrl: null,
    stream: null,
    picture: null,
    frameHash: null,
    identity: null,
    pictureSummary: null,
  };
  const findings: CheckFinding[] = [];
  const secrets = [input.target.password];
  // Finish a little before the caller's deadline so the verdict, not the deadline, reaches it.
  const budgetEnd = performance.now() + input.timeoutMs - Math.min(300, input.timeoutMs * 0.05);
  for (const check of checks) {
    if (check.deepOnly && !input.deep) continue;
    const started = performance.now();
    const boundMs = Math.floor(Math.min(budgetEnd - started, Math.max(SHARE_FLOOR_MS, check.maxShare * input.timeoutMs)));
    if (boundMs < MIN_CHECK_MS) {
      const detail = `timed out: no time left in the ${input.timeoutMs} ms probe budget`;
      findings.push(
        check.deepOnly
          ? { check: check.name, outcome: 'skipped', causes: [], detail, ms: 0 }
          : { check: check.name, outcome: 'timed_out', causes: [check.failCause], detail, ms: 0 },
      );
      continue;
    }
    const signal = boundedSignal(input.signal, boundMs);
    let finding: CheckFinding;
    try {
      const out = await check.run({
        target: input.target,
        referenceHash: input.referenceHash,
        pictureReference: input.pictureReference,
        evidence,
        signal,
        timeoutMs: boundMs,
      });
      Object.assign(evidence, out.learned);
      finding = { ...out, check: check.name, detail: redactSecrets(out.detail, secrets), ms: Math.round(performance.now() - started) };
    } catch (error) {
      if (input.signal.aborted) throw error;
      if (error instanceof RejectedInputError) input.rejects.add(error.reason);
      // The check's own bound fired: say so plainly, whatever the aborted tool reported. Running
      // out of time is not a fault seen on the camera (a loaded station, a slow link): its own outcome.
      const ms = Math.round(performance.now() - started);
      const timedOut = `timed out: no answer within ${boundMs} ms`;
      // A picture sample that ran out of time says nothing about the camera (the stream check just
      // saw it working): no cause at all. Another check keeps its cause, to be confirmed (inconclusive).
      finding = !signal.aborted
        ? { check: check.name, outcome: 'fail', causes: [check.failCause], detail: redactSecrets(errorMessage(error), secrets), ms }
        : check.deepOnly
          ? { check: check.name, outcome: 'timed_out', causes: [], detail: `${timedOut} (not counted against the camera)`, ms }
          : { check: check.name, outcome: 'timed_out', causes: [check.failCause], detail: timedOut, ms };
    }
    input.log.debug(
      { check: finding.check, outcome: finding.outcome, causes: finding.causes, ms: finding.ms, detail: finding.detail },
      'check finished',
    );
    findings.push(finding);
  }
  return { findings, evidence };
}
