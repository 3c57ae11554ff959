import type { ChannelRow } from '../channel-repository.ts';
import type { Delivery } from '../delivery-outbox-repository.ts';

/** Sends one delivery over one channel; resolves when the receiver accepted it, throws otherwise. */
export interface ChannelSender {
  send(channel: ChannelRow, delivery: Delivery): Promise<void>;
}
