import type { Db } from '../db/db.ts';

/** Reads of the unit tree (communes, districts, the province) that features other than the fleet need. */
export class UnitRepository {
  constructor(private readonly db: Db) {}

  /** Whether the unit is on record, retired or not. */
  async exists(id: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM units WHERE id = $1', [id])).rowCount > 0;
  }

  /** The units and every unit below them, any depth. */
  async subtreeOf(unitIds: readonly string[]): Promise<Set<string>> {
    const r = await this.db.query<{ id: string }>(
      `WITH RECURSIVE sub AS (
       SELECT id FROM units WHERE id = ANY($1::text[])
       UNION SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id
     ) SELECT id FROM sub`,
      [unitIds],
    );
    return new Set(r.rows.map((x) => x.id));
  }
}
