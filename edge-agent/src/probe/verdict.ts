import { CAMERA_CAUSES, CAUSE_SEVERITY, type CameraCause, type CameraStatusValue } from '@camwatch/config';
import type { CameraVerdict } from '../core/ports.ts';
import type { CheckFinding, ProbeEvidence } from './checks/camera-check.ts';

const DETAIL_MAX = 256;

/**
 * Status is the worst severity found; the cause is the first of the contract's order
 * (CAMERA_CAUSES) among the causes of that severity. Within `down` and within `degraded`
 * this is exactly "first failing in contract order"; across them it keeps a degraded cause
 * that comes early in the order (onvif_failing) from hiding a down one (black picture).
 */
export function decideVerdict(findings: readonly CheckFinding[], evidence: ProbeEvidence): CameraVerdict {
  const found = new Set(findings.flatMap((f) => f.causes));
  const severity = (c: CameraCause): Exclude<CameraStatusValue, 'ok'> => (c === 'onvif_failing' && !evidence.stream ? 'down' : CAUSE_SEVERITY[c]);
  const status: CameraStatusValue = [...found].some((c) => severity(c) === 'down') ? 'down' : found.size > 0 ? 'degraded' : 'ok';
  const cause = status === 'ok' ? null : (CAMERA_CAUSES.find((c) => found.has(c) && severity(c) === status) ?? null);
  // Inconclusive when every check behind the deciding cause ran out of time rather than saw a fault.
  const deciding = cause === null ? [] : findings.filter((f) => f.causes.includes(cause));
  const inconclusive = deciding.length > 0 && deciding.every((f) => f.outcome === 'timed_out');
  return {
    status,
    cause,
    detail: describe(findings, cause),
    stream: evidence.stream,
    picture: evidence.picture,
    frameHash: evidence.frameHash,
    identity: evidence.identity ?? null,
    ...(inconclusive ? { inconclusive } : {}),
  };
}

/** The deciding check's detail first, then the others that failed, cut to the contract's 256 characters. */
function describe(findings: readonly CheckFinding[], cause: CameraCause | null): string {
  const line = (f: CheckFinding): string => `${f.check}: ${f.detail}`;
  let parts: string[];
  if (cause === null) {
    parts = findings.filter((f) => f.outcome === 'pass' && (f.check === 'stream' || f.check === 'picture')).map(line);
    if (parts.length === 0) parts = findings.map(line);
  } else {
    const deciding = findings.filter((f) => f.causes.includes(cause));
    const others = findings.filter((f) => (f.outcome === 'fail' || f.outcome === 'timed_out') && !f.causes.includes(cause));
    parts = [...deciding, ...others].map(line);
  }
  const text = parts.join('; ') || 'no checks ran';
  return text.length <= DETAIL_MAX ? text : `${text.slice(0, DETAIL_MAX - 1)}…`;
}
