import type { MqttClient, PacketHandler } from 'mqtt';

export type PublishPacket = Parameters<MqttClient['handleMessage']>[0];
type Packet = Parameters<PacketHandler>[1];

/** What the hub decides for each received message. */
export interface Receipt {
  /** Resolves when the client may read the next message (e.g. a snapshot's file is written). */
  accepted: Promise<void>;
  /** Resolves when the message is committed (or deliberately dropped): then it is acknowledged. */
  settled: Promise<void>;
}

type SendPacket = (packet: Packet, cb?: (err?: Error) => void, cbStorePut?: unknown, noStore?: boolean) => void;

/**
 * QoS 1 acknowledgement after commit, without serialising on the database.
 *
 * mqtt.js reads one packet at a time and sends the PUBACK before reading the next, so holding
 * the ack inside `handleMessage` or `customHandleAcks` would allow one message per commit. Instead
 * the PUBACK is intercepted: the client is told it went out (the pump reads on), and the packet
 * is written when the message's batch has committed, in receive order (batches commit in order).
 * A PUBACK for a connection that has since dropped is not sent: the broker redelivers the
 * message on the resumed session (clean: false) and the idempotent insert stores it once.
 *
 * This relies on mqtt.js's `_sendPacket` (5.x); the hub's tests fail if that hook stops working.
 */
export function installDeferredAcks(
  client: MqttClient,
  onMessage: (packet: PublishPacket) => Receipt,
  onDroppedAck: () => void,
  onError: (err: Error) => void,
): { pending(): number } {
  let generation = 0;
  // Received, acknowledgement not yet written: `pending` until mqtt.js asks to send the PUBACK, then `held` until commit.
  const pending = new Map<number, { settled: Promise<void>; generation: number }>();
  let held = 0;
  client.on('connect', () => {
    generation++;
    pending.clear();
  });

  client.handleMessage = (packet, callback) => {
    if (packet.cmd !== 'publish') return callback();
    const receipt = onMessage(packet);
    receipt.accepted.then(
      () => {
        if (packet.qos > 0 && packet.messageId !== undefined) pending.set(packet.messageId, { settled: receipt.settled, generation });
        callback();
      },
      (err: Error) => {
        onError(err);
        callback(err);
      },
    );
  };

  const hooked = client as unknown as { _sendPacket: SendPacket };
  const send = hooked._sendPacket.bind(client);
  if (typeof send !== 'function') throw new Error('mqtt.js has no _sendPacket: deferred acks unavailable');
  hooked._sendPacket = (packet, cb, cbStorePut, noStore) => {
    const entry = packet.cmd === 'puback' && packet.messageId !== undefined ? pending.get(packet.messageId) : undefined;
    if (!entry) return send(packet, cb, cbStorePut, noStore);
    pending.delete(packet.messageId!);
    held++;
    cb?.();
    entry.settled.then(
      () => {
        held--;
        if (entry.generation === generation && client.connected) send(packet);
        else onDroppedAck();
      },
      (err: Error) => {
        held--;
        onError(err);
      },
    );
  };
  return { pending: () => pending.size + held };
}
