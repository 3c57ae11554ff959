import type { AlertChannel, AlertChannelKind } from '@camwatch/config';
import type { ChannelRow } from '../channel-repository.ts';
import type { ChannelDefinition, ChannelDeps, ChannelSender } from './channel-sender.ts';
import { emailChannel } from './email-sender.ts';
import { mqttChannel } from './mqtt-sender.ts';
import { webhookChannel } from './webhook-sender.ts';

/**
 * Every alert channel kind the hub can send on: one line each. Typed over `AlertChannelKind`
 * (the keys of `ALERT_CHANNEL_CONFIGS` in @camwatch/config), so a kind with a schema but no
 * sender, or the reverse, does not compile. The engine's senders, the channel list's `target`
 * and the update check derive from it.
 */
export const CHANNELS: { readonly [K in AlertChannelKind]: ChannelDefinition } = {
  webhook: webhookChannel,
  email: emailChannel,
  mqtt: mqttChannel,
};

/** One sender per kind, for the alert engine. */
export function createSenders(deps: ChannelDeps): Record<AlertChannelKind, ChannelSender> {
  const entries = (Object.keys(CHANNELS) as AlertChannelKind[]).map((k) => [k, CHANNELS[k].createSender(deps)] as const);
  return Object.fromEntries(entries) as Record<AlertChannelKind, ChannelSender>;
}

/** What a channel shows in lists: where it sends, never its secret. */
export function publicChannel(c: ChannelRow): AlertChannel {
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    unitId: c.unitId,
    minSeverity: c.minSeverity,
    digest: c.digest,
    enabled: c.enabled,
    target: CHANNELS[c.kind].target(c.config),
    hasSecret: Boolean(c.config.secret),
  };
}
