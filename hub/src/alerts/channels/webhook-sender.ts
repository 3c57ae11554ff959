import { createHmac } from 'node:crypto';
import type { ChannelRow } from '../channel-repository.ts';
import type { Delivery } from '../delivery-outbox-repository.ts';
import type { ChannelDefinition, ChannelSender } from './channel-sender.ts';

/**
 * Generic webhook: POSTs the delivery's JSON. With a secret, the body is signed
 * (`X-Camwatch-Signature: sha256=<hex>`), so receivers can tell our calls from forgeries.
 * `X-Camwatch-Delivery` is the delivery id: a receiver can drop the rare retry of a call it
 * did get but whose answer we lost.
 */
export class WebhookSender implements ChannelSender {
  constructor(private readonly timeoutMs = 10_000) {}

  async send(channel: ChannelRow, d: Delivery): Promise<void> {
    const url = channel.config.url;
    if (!url) throw new Error('webhook channel without url');
    const body = JSON.stringify({ kind: d.kind, ...d.payload });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'camwatch-hub',
      'x-camwatch-delivery': String(d.id),
    };
    if (channel.config.secret)
      headers['x-camwatch-signature'] = `sha256=${createHmac('sha256', channel.config.secret).update(body).digest('hex')}`;
    const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.timeoutMs), redirect: 'error' });
    // Drain the body so the connection is reused; its content does not matter.
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`);
  }
}

export const webhookChannel: ChannelDefinition = {
  target: (config) => config.url ?? '',
  fits: (config) => 'url' in config,
  createSender: () => new WebhookSender(),
};
