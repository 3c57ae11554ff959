import type { MqttClient, PacketHandler } from 'mqtt';
import { NO_ACK, PubackQueue, type AckSettler } from './puback-queue.ts';

export type PublishPacket = Parameters<MqttClient['handleMessage']>[0];
type Packet = Parameters<PacketHandler>[1];

/**
 * What the hub does with one received message. It settles `ticket` through `acks` once the message
 * is committed or deliberately dropped (or releases it: not acknowledged), exactly once, and returns
 * nothing when the client may read the next message at once, or a promise for when it may (a
 * snapshot's file is written first). A rejected promise releases the ticket.
 */
export type MessageHandler = (packet: PublishPacket, ticket: number, acks: AckSettler) => Promise<void> | void;

type SendPacket = (packet: Packet, cb?: (err?: Error) => void, cbStorePut?: unknown, noStore?: boolean) => void;

/**
 * QoS 1 acknowledgement after commit, without serialising on the database.
 *
 * mqtt.js reads one packet at a time and sends the PUBACK before reading the next, so holding
 * the ack inside `handleMessage` or `customHandleAcks` would allow one message per commit. Instead
 * the PUBACK is intercepted: the client is told it went out (the pump reads on), and the ack is
 * written when the message has settled (committed, or dropped as invalid), in receive order, by
 * the PubackQueue: every ack that became writable in one event-loop turn in one socket write.
 * A PUBACK for a connection that has since dropped is not sent: the broker redelivers the
 * message on the resumed session (clean: false) and the idempotent insert stores it once.
 *
 * This relies on mqtt.js's `_sendPacket` (5.x) being called synchronously from the `handleMessage`
 * callback; the hub's tests fail if that hook stops working (ack-after-commit).
 */
export function installDeferredAcks(
  client: MqttClient,
  onMessage: MessageHandler,
  onDroppedAck: () => void,
  onError: (err: Error) => void,
): { pending(): number } {
  const queue = new PubackQueue((acks) => {
    if (!client.connected) return false;
    client.stream.write(acks);
    return true;
  }, onDroppedAck);
  client.on('connect', () => queue.reset());

  // The message id whose PUBACK mqtt.js is about to ask for: the queue writes it instead.
  let swallow = -1;
  type Done = (err?: Error) => void;
  // Made once, not per message: a closure per message was measurable at 10,000 msg/s.
  const accept = (messageId: number, callback: Done) => {
    swallow = messageId;
    callback();
    swallow = -1;
  };
  const refuse = (ticket: number, err: Error, callback: Done) => {
    queue.release(ticket);
    onError(err);
    callback(err);
  };
  client.handleMessage = (packet, callback) => {
    if (packet.cmd !== 'publish') return callback();
    const messageId = packet.qos > 0 && packet.messageId !== undefined ? packet.messageId : -1;
    const ticket = messageId < 0 ? NO_ACK : queue.take(messageId);
    let accepted: Promise<void> | void;
    try {
      accepted = onMessage(packet, ticket, queue);
    } catch (err) {
      return refuse(ticket, err as Error, callback);
    }
    if (!accepted) return accept(messageId, callback);
    accepted.then(
      () => accept(messageId, callback),
      (err: Error) => refuse(ticket, err, callback),
    );
  };

  const hooked = client as unknown as { _sendPacket: SendPacket };
  const send = hooked._sendPacket.bind(client);
  if (typeof send !== 'function') throw new Error('mqtt.js has no _sendPacket: deferred acks unavailable');
  hooked._sendPacket = (packet, cb, cbStorePut, noStore) => {
    if (packet.cmd !== 'puback' || packet.messageId !== swallow) return send(packet, cb, cbStorePut, noStore);
    swallow = -1;
    cb?.();
  };
  return { pending: () => queue.pending };
}
