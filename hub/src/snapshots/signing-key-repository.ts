import { randomBytes } from 'node:crypto';
import type { Db } from '../db/db.ts';

/** Keys shared by every hub through the database (hub_secrets): the first hub to ask creates one. */
export class SigningKeyRepository {
  constructor(private readonly db: Db) {}

  async getOrCreate(name: string): Promise<Buffer> {
    await this.db.query('INSERT INTO hub_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, randomBytes(32)]);
    const r = await this.db.query<{ value: Buffer }>('SELECT value FROM hub_secrets WHERE name = $1', [name]);
    return r.rows[0]!.value;
  }
}
