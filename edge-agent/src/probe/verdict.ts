import { decideStatus, type CameraCause } from '@camwatch/config';
import type { CameraVerdict } from '../core/ports.ts';
import type { CheckFinding, ProbeEvidence } from './checks/camera-check.ts';

const DETAIL_MAX = 256;

/** Status and cause by the contracts' rule (`decideStatus`), with the evidence and a detail line. */
export function decideVerdict(findings: readonly CheckFinding[], evidence: ProbeEvidence): CameraVerdict {
  const causes = findings.flatMap((f) => f.causes);
  const { status, cause } = decideStatus(causes, evidence.stream !== null);
  // Inconclusive when every check behind the deciding cause ran out of time rather than saw a fault.
  const deciding = cause === null ? [] : findings.filter((f) => f.causes.includes(cause));
  const inconclusive = deciding.length > 0 && deciding.every((f) => f.outcome === 'timed_out');
  return {
    status,
    cause,
    causes: [...new Set(causes)],
    detail: describe(findings, cause),
    stream: evidence.stream,
    picture: evidence.picture,
    frameHash: evidence.frameHash,
    identity: evidence.identity ?? null,
    ...(inconclusive ? { inconclusive } : {}),
    pictureSummary: evidence.pictureSummary,
  };
}

/** The deciding check's detail first, then the others that failed, cut to the contract's 256 characters. */
function describe(findings: readonly CheckFinding[], cause: CameraCause | null): string {
  const line = (f: CheckFinding): string => `${f.check}: ${f.detail}`;
  let parts: string[];
  if (cause === null) {
    parts = findings
      .filter((f) => (f.outcome === 'pass' || f.outcome === 'timed_out') && (f.check === 'stream' || f.check === 'picture'))
      .map(line);
    if (parts.length === 0) parts = findings.map(line);
  } else {
    const deciding = findings.filter((f) => f.causes.includes(cause));
    const others = findings.filter((f) => (f.outcome === 'fail' || f.outcome === 'timed_out') && !f.causes.includes(cause));
    parts = [...deciding, ...others].map(line);
  }
  const text = parts.join('; ') || 'no checks ran';
  return text.length <= DETAIL_MAX ? text : `${text.slice(0, DETAIL_MAX - 1)}…`;
}
