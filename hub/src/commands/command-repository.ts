import type { CommandKind, CommandState, StationCommand } from '@camwatch/config';
import type { Db } from '../db/db.ts';

type Raw = {
  id: string;
  station_id: string;
  camera_id: string | null;
  kind: CommandKind;
  state: CommandState;
  issued_at: Date;
  expires_at: Date;
  delivered_at: Date | null;
  replied_at: Date | null;
  message: string | null;
  issued_by: string | null;
};
const COLS = 'id, station_id, camera_id, kind, state, issued_at, expires_at, delivered_at, replied_at, message, issued_by';
const toCommand = (r: Raw): StationCommand => ({
  id: r.id,
  stationId: r.station_id,
  cameraId: r.camera_id,
  kind: r.kind,
  state: r.state,
  issuedAt: r.issued_at.getTime(),
  expiresAt: r.expires_at.getTime(),
  deliveredAt: r.delivered_at?.getTime() ?? null,
  repliedAt: r.replied_at?.getTime() ?? null,
  message: r.message,
  issuedBy: r.issued_by,
});

export interface NewCommand {
  id: string;
  stationId: string;
  cameraId: string | null;
  kind: CommandKind;
  issuedAt: number;
  expiresAt: number;
  issuedBy: string | null;
}

/** A station's reply as the ingest stored it. */
export interface CommandReplyIn {
  stationId: string;
  commandId: string;
  ok: boolean;
  message: string;
  receivedAt: number;
}

/**
 * The `station_commands` table. Stateless: every method takes the `Db` (or the transaction) it
 * speaks through, because replies are applied inside the ingest's transaction.
 */
export class CommandRepository {
  /**
   * Inserts a command unless the station already has `maxPerWindow` commands issued by people within
   * `windowMs`; the count and insert run under a per-station lock so concurrent requests (or hubs)
   * cannot both pass the limit. Returns false when the limit is reached.
   */
  insertLimited(db: Db, c: NewCommand, maxPerWindow: number, windowMs: number): Promise<boolean> {
    return db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('station_commands:' || $1))", [c.stationId]);
      // People's commands only: the hub's own (issued_by null, e.g. restoring a reinstalled agent's references) neither count nor wait.
      if (c.issuedBy !== null) {
        const n = await tx.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM station_commands WHERE station_id = $1 AND issued_at > $2 AND issued_by IS NOT NULL',
          [c.stationId, new Date(c.issuedAt - windowMs)],
        );
        if ((n.rows[0]?.n ?? 0) >= maxPerWindow) return false;
      }
      await tx.query(
        'INSERT INTO station_commands (id, station_id, camera_id, kind, issued_at, expires_at, issued_by) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [c.id, c.stationId, c.cameraId, c.kind, new Date(c.issuedAt), new Date(c.expiresAt), c.issuedBy],
      );
      return true;
    });
  }

  /** The broker acknowledged the publish; a reply that came first is not overwritten. */
  async markDelivered(db: Db, id: string, at: number): Promise<void> {
    await db.query("UPDATE station_commands SET state = 'delivered', delivered_at = $2 WHERE id = $1 AND state = 'queued'", [
      id,
      new Date(at),
    ]);
  }

  /** The publish failed (broker down): the command cannot arrive, so it ends as failed at once. */
  async markUnsent(db: Db, id: string, at: number, message: string): Promise<void> {
    await db.query("UPDATE station_commands SET state = 'failed', replied_at = $2, message = $3 WHERE id = $1 AND state = 'queued'", [
      id,
      new Date(at),
      message,
    ]);
  }

  /**
   * Applies station replies. Only the station a command was sent to can answer it. A reply after
   * expiry still wins: the station did run the command (or refused it), which is the truth the
   * panel should show. A second reply (QoS 1 redelivery) changes nothing. Returns the ids changed.
   */
  async applyReplies(db: Db, replies: readonly CommandReplyIn[]): Promise<string[]> {
    if (replies.length === 0) return [];
    const r = await db.query<{ id: string }>(
      `UPDATE station_commands c SET state = CASE WHEN r.ok THEN 'ok' ELSE 'failed' END, replied_at = r.at, message = r.message
         FROM unnest($1::text[], $2::text[], $3::boolean[], $4::text[], $5::timestamptz[]) AS r(station_id, command_id, ok, message, at)
        WHERE c.id = r.command_id AND c.station_id = r.station_id AND c.state IN ('queued', 'delivered', 'expired')
        RETURNING c.id`,
      [
        replies.map((x) => x.stationId),
        replies.map((x) => x.commandId),
        replies.map((x) => x.ok),
        replies.map((x) => x.message),
        replies.map((x) => new Date(x.receivedAt)),
      ],
    );
    return r.rows.map((x) => x.id);
  }

  /** Commands past their expiry with no reply become `expired`; returns how many. */
  async expire(db: Db, now: number): Promise<number> {
    const r = await db.query(
      "UPDATE station_commands SET state = 'expired', message = 'no reply before the command expired' WHERE state IN ('queued', 'delivered') AND expires_at < $1",
      [new Date(now)],
    );
    return r.rowCount ?? 0;
  }

  /** Retention: commands issued before `before` (their replies in command_replies go with the raw samples). */
  async deleteBefore(db: Db, before: number): Promise<number> {
    const r = await db.query('DELETE FROM station_commands WHERE issued_at < $1', [new Date(before)]);
    return r.rowCount ?? 0;
  }

  async get(db: Db, id: string): Promise<StationCommand | null> {
    const r = await db.query<Raw>(`SELECT ${COLS} FROM station_commands WHERE id = $1`, [id]);
    return r.rows[0] ? toCommand(r.rows[0]) : null;
  }

  async listForStation(db: Db, stationId: string, limit: number): Promise<StationCommand[]> {
    const r = await db.query<Raw>(`SELECT ${COLS} FROM station_commands WHERE station_id = $1 ORDER BY issued_at DESC, id LIMIT $2`, [
      stationId,
      limit,
    ]);
    return r.rows.map(toCommand);
  }
}
