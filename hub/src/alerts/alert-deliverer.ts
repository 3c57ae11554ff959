import type { Logger } from 'pino';
import type { ChannelRepository, ChannelRow } from './channel-repository.ts';
import type { ChannelSender } from './channels/channel-sender.ts';
import { DEFAULT_BACKOFF, type BackoffPolicy, type DeliveryOutbox } from './delivery-outbox-repository.ts';
import type { AlertMetrics } from './alert-metrics.ts';

/**
 * Sends what the outbox holds, channel by channel. A failing channel only delays its own
 * deliveries (retries with backoff), is counted, and shows in the channel status; it never
 * blocks evaluation or the ingest, which only ever write outbox rows.
 */
export class AlertDeliverer {
  constructor(
    private readonly outbox: DeliveryOutbox,
    private readonly channels: ChannelRepository,
    private readonly senders: Record<ChannelRow['kind'], ChannelSender>,
    private readonly metrics: AlertMetrics,
    private readonly log: Logger,
    private readonly policy: BackoffPolicy = DEFAULT_BACKOFF,
  ) {}

  /** Sends every due delivery (in batches); returns how many were sent. */
  async deliverDue(now: number = Date.now()): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await this.outbox.claimDue(now, 20, 60_000);
      if (batch.length === 0) break;
      const channels = new Map((await this.channels.list()).map((c) => [c.id, c]));
      for (const d of batch) {
        const channel = channels.get(d.channelId);
        if (!channel) continue;
        const log = this.log.child({ channel: channel.name, deliveryId: d.id, alertId: d.alertId });
        try {
          await this.senders[channel.kind].send(channel, d);
          await this.outbox.markSent(d.id);
          await this.channels.recordSuccess(channel.id);
          this.metrics.deliveries.inc({ kind: channel.kind, result: 'sent' });
          this.metrics.channelFailing.set({ channel: channel.name }, 0);
          sent++;
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          const status = await this.outbox.markFailed(d.id, message, now, this.policy);
          await this.channels.recordFailure(channel.id, message);
          this.metrics.deliveries.inc({ kind: channel.kind, result: status === 'failed' ? 'failed' : 'retry' });
          this.metrics.channelFailing.set({ channel: channel.name }, 1);
          log.warn({ err: message, attempt: d.attempts + 1, gaveUp: status === 'failed' }, 'alert delivery failed');
        }
      }
      if (batch.length < 20) break;
    }
    this.metrics.pending.set(await this.outbox.pendingCount());
    return sent;
  }
}
