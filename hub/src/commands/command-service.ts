import { randomUUID } from 'node:crypto';
import { encodeJson, topicFor, type CameraReference, type CommandKind, type StationCommand } from '@camwatch/config';
import type { Logger } from 'pino';
import type { AuditLog, Caller } from '../audit/audit-log.ts';
import type { PublishOptions } from '../mqtt/hub-subscriber.ts';
import type { Db } from '../db/db.ts';
import type { CommandRepository } from './command-repository.ts';

/** Publishes on the hub's own MQTT connection; resolves on the broker's PUBACK for QoS 1. */
export type CommandPublish = (topic: string, payload: Buffer, qos: 0 | 1, retain: boolean, opts?: PublishOptions) => Promise<void>;

export interface CommandServiceOptions {
  /** How long a station may take to answer (and an offline one may still run it on reconnect). */
  ttlMs: number;
  /** At most this many commands per station per `rateWindowMs`. */
  ratePerStation: number;
  rateWindowMs: number;
  /** How long a request waits for the broker's PUBACK before answering with the command still queued (default 2 s). */
  ackWaitMs?: number;
  now?: () => number;
}

export const DEFAULT_COMMAND_OPTIONS: CommandServiceOptions = { ttlMs: 120_000, ratePerStation: 6, rateWindowMs: 60_000 };

export type SendResult = { ok: true; command: StationCommand } | { ok: false; reason: 'rate_limited' | 'no_broker' };

/**
 * Sends commands to stations: stores the command (queued) with its audit entry, publishes it with QoS 1 on the
 * station's command topic and marks it delivered on the broker's PUBACK. Replies and expiry are
 * applied elsewhere (the ingest writer, the expiry job) through the same repository.
 */
export class CommandService {
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly repo: CommandRepository,
    private readonly audit: AuditLog,
    private readonly publish: CommandPublish | null,
    private readonly log: Logger,
    private readonly opts: CommandServiceOptions = DEFAULT_COMMAND_OPTIONS,
  ) {
    this.now = opts.now ?? Date.now;
  }

  /**
   * `by` null: the hub's own command (e.g. restoring a reinstalled agent's reference), neither audited as a
   * person's nor counted against the per-station rate limit. `reference`: for `restore_reference`.
   */
  async send(
    by: Caller | null,
    c: { stationId: string; cameraId: string | null; kind: CommandKind; reference?: CameraReference },
  ): Promise<SendResult> {
    const publish = this.publish;
    if (!publish) return { ok: false, reason: 'no_broker' };
    const issuedAt = this.now();
    const cmd = {
      id: randomUUID(),
      stationId: c.stationId,
      cameraId: c.cameraId,
      kind: c.kind,
      issuedAt,
      expiresAt: issuedAt + this.opts.ttlMs,
    };
    const stored = await this.db.transaction(async (tx) => {
      if (
        !(await this.repo.insertLimited(
          tx,
          { ...cmd, issuedBy: by?.actor.username ?? null },
          this.opts.ratePerStation,
          this.opts.rateWindowMs,
        ))
      )
        return false;
      if (by)
        await this.audit.record(
          {
            actor: by.actor,
            action: 'command.send',
            targetKind: 'station',
            targetId: c.stationId,
            detail: { commandId: cmd.id, kind: c.kind, cameraId: c.cameraId },
            ip: by.ip,
          },
          tx,
        );
      return true;
    });
    if (!stored) return { ok: false, reason: 'rate_limited' };
    const payload = encodeJson('command', {
      commandId: cmd.id,
      kind: cmd.kind,
      cameraId: cmd.cameraId,
      issuedAt: cmd.issuedAt,
      expiresAt: cmd.expiresAt,
      ...(c.reference ? { reference: c.reference } : {}),
    });
    // The PUBACK usually comes within milliseconds; while the broker is unreachable the client keeps
    // the publish queued, so the answer does not wait for it (the command stays `queued` until then).
    // The broker drops it from an offline station's queue when it expires (MQTT 5): a station back later never runs it.
    const messageExpiryS = (cmd.expiresAt - this.now()) / 1000;
    const sent = publish(topicFor('command', { stationId: c.stationId }), payload, 1, false, { messageExpiryS }).then(
      () => this.repo.markDelivered(this.db, cmd.id, this.now()),
      async (err: unknown) => {
        this.log.warn({ err, commandId: cmd.id, stationId: c.stationId }, 'command not published');
        await this.repo.markUnsent(this.db, cmd.id, this.now(), `not sent: ${(err as Error).message}`);
      },
    );
    const settled = sent.catch((err: unknown) => this.log.error({ err, commandId: cmd.id }, 'command state not stored'));
    await Promise.race([settled, new Promise((r) => setTimeout(r, this.opts.ackWaitMs ?? 2_000).unref())]);
    return { ok: true, command: (await this.repo.get(this.db, cmd.id))! };
  }

  get(id: string): Promise<StationCommand | null> {
    return this.repo.get(this.db, id);
  }

  list(stationId: string, limit = 50): Promise<StationCommand[]> {
    return this.repo.listForStation(this.db, stationId, limit);
  }

  /** The expiry job. */
  expire(): Promise<number> {
    return this.repo.expire(this.db, this.now());
  }
}
