/** Reasons the prober refused data a camera or a tool sent it. */
export const REJECT_REASONS = [
  'ffprobe_bad_output',
  'ffmpeg_bad_output',
  'onvif_bad_response',
  'snapshot_not_jpeg',
  'snapshot_too_large',
  'snapshot_http_status',
  'discovery_bad_xaddr',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Counts refused inputs by reason, so a misbehaving camera model shows up in numbers, not only in logs. */
export class RejectCounter {
  private readonly counts = new Map<RejectReason, number>();

  add(reason: RejectReason): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
  }

  snapshot(): Record<RejectReason, number> {
    const out = {} as Record<RejectReason, number>;
    for (const r of REJECT_REASONS) out[r] = this.counts.get(r) ?? 0;
    return out;
  }
}

/** A refused input: the reason is counted where it is caught. */
export class RejectedInputError extends Error {
  override readonly name = 'RejectedInputError';
  constructor(
    readonly reason: RejectReason,
    message: string,
  ) {
    super(message);
  }
}
