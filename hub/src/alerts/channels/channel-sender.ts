import type { ChannelRow } from '../channel-repository.ts';
import type { Delivery } from '../delivery-outbox-repository.ts';
import type { SmtpOptions } from './email-sender.ts';
import type { MqttPublish } from './mqtt-sender.ts';

/** Sends one delivery over one channel; resolves when the receiver accepted it, throws otherwise. */
export interface ChannelSender {
  send(channel: ChannelRow, delivery: Delivery): Promise<void>;
  /** Releases connections when the alert engine stops. */
  close?(): void;
}

/** What senders may need from the hub (the engine's options). */
export interface ChannelDeps {
  smtp: SmtpOptions | null;
  publishMqtt: MqttPublish | null;
}

/**
 * One channel kind as the hub knows it: registered once in channel-registry.ts, next to its
 * configuration schema in `ALERT_CHANNEL_CONFIGS` (@camwatch/config).
 */
export interface ChannelDefinition {
  /** Where the channel sends, as lists show it (never a secret). */
  target(config: ChannelRow['config']): string;
  /** Whether a configuration given on update is one of this kind (the schema accepts any kind's). */
  fits(config: object): boolean;
  createSender(deps: ChannelDeps): ChannelSender;
}
