import type { Db } from '../db/db.ts';

export interface AimFlag {
  note: string;
  flaggedBy: string;
  flaggedAt: number;
}

/** The `camera_aim_flags` table: cameras a person found aimed wrongly since installation. */
export class AimFlagRepository {
  async set(db: Db, cameraId: string, flag: AimFlag): Promise<void> {
    await db.query(
      `INSERT INTO camera_aim_flags (camera_id, note, flagged_by, flagged_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (camera_id) DO UPDATE SET note = excluded.note, flagged_by = excluded.flagged_by, flagged_at = excluded.flagged_at`,
      [cameraId, flag.note, flag.flaggedBy, new Date(flag.flaggedAt)],
    );
  }

  /** True when there was a flag to clear. */
  async clear(db: Db, cameraId: string): Promise<boolean> {
    return (await db.query('DELETE FROM camera_aim_flags WHERE camera_id = $1', [cameraId])).rowCount > 0;
  }

  async ofCameras(db: Db, cameraIds: readonly string[]): Promise<Map<string, AimFlag>> {
    const r = await db.query<{ camera_id: string; note: string; flagged_by: string; flagged_at: Date }>(
      'SELECT camera_id, note, flagged_by, flagged_at FROM camera_aim_flags WHERE camera_id = ANY($1::text[])',
      [cameraIds],
    );
    return new Map(r.rows.map((x) => [x.camera_id, { note: x.note, flaggedBy: x.flagged_by, flaggedAt: x.flagged_at.getTime() }]));
  }
}
