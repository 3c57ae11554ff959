import type { AlertChannelKind, ChannelStatus, CreateAlertChannelBody, Severity, UpdateAlertChannelBody } from '@camwatch/config';
import type { Db } from '../db/db.ts';

/** The kinds of channel (keys of ALERT_CHANNEL_CONFIGS in @camwatch/config; senders in channels/channel-registry.ts). */
export type ChannelKind = AlertChannelKind;

export interface ChannelRow {
  id: string;
  name: string;
  kind: ChannelKind;
  config: { url?: string; secret?: string; to?: string[] };
  unitId: string | null;
  minSeverity: Severity;
  digest: boolean;
  enabled: boolean;
}

type Raw = {
  id: string;
  name: string;
  kind: ChannelKind;
  config: ChannelRow['config'];
  unit_id: string | null;
  min_severity: Severity;
  digest: boolean;
  enabled: boolean;
  last_success_at: Date | null;
  last_failure_at: Date | null;
  last_error: string | null;
  consecutive_failures: number;
  pending: number;
  failed: number;
};
const toRow = (r: Raw): ChannelRow => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  config: r.config,
  unitId: r.unit_id,
  minSeverity: r.min_severity,
  digest: r.digest,
  enabled: r.enabled,
});

const STATUS_SQL = `SELECT c.*, (SELECT count(*)::int FROM alert_deliveries d WHERE d.channel_id = c.id AND d.status = 'pending') AS pending,
  (SELECT count(*)::int FROM alert_deliveries d WHERE d.channel_id = c.id AND d.status = 'failed') AS failed FROM alert_channels c`;

/** Alert channels and their health. */
export class ChannelRepository {
  constructor(private readonly db: Db) {}

  async list(db: Db = this.db): Promise<ChannelRow[]> {
    const r = await db.query<Raw>('SELECT * FROM alert_channels ORDER BY name, id');
    return r.rows.map(toRow);
  }

  async byId(id: string): Promise<ChannelRow | null> {
    const r = await this.db.query<Raw>('SELECT * FROM alert_channels WHERE id = $1', [id]);
    return r.rows[0] ? toRow(r.rows[0]) : null;
  }

  async create(b: CreateAlertChannelBody): Promise<ChannelRow> {
    const r = await this.db.query<Raw>(
      'INSERT INTO alert_channels (name, kind, config, unit_id, min_severity, digest, enabled) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *',
      [b.name, b.kind, JSON.stringify(b.config), b.unitId, b.minSeverity, b.digest, b.enabled],
    );
    return toRow(r.rows[0]!);
  }

  async update(id: string, b: UpdateAlertChannelBody): Promise<ChannelRow | null> {
    const cols: Record<keyof UpdateAlertChannelBody, string> = {
      name: 'name',
      unitId: 'unit_id',
      minSeverity: 'min_severity',
      digest: 'digest',
      enabled: 'enabled',
      config: 'config',
    };
    const params: unknown[] = [id];
    const sets = (Object.keys(b) as (keyof UpdateAlertChannelBody)[]).map(
      (k) => `${cols[k]} = $${params.push(k === 'config' ? JSON.stringify(b.config) : b[k])}`,
    );
    const r = await this.db.query<Raw>(`UPDATE alert_channels SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, params);
    return r.rows[0] ? toRow(r.rows[0]) : null;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM alert_channels WHERE id = $1', [id])).rowCount > 0;
  }

  async status(): Promise<ChannelStatus[]> {
    const r = await this.db.query<Raw>(`${STATUS_SQL} ORDER BY c.name, c.id`);
    return r.rows.map((c) => ({
      id: c.id,
      name: c.name,
      kind: c.kind,
      enabled: c.enabled,
      healthy: c.consecutive_failures === 0,
      consecutiveFailures: c.consecutive_failures,
      lastSuccessAt: c.last_success_at?.getTime() ?? null,
      lastFailureAt: c.last_failure_at?.getTime() ?? null,
      lastError: c.last_error,
      pending: c.pending,
      failed: c.failed,
    }));
  }

  async recordSuccess(id: string): Promise<void> {
    await this.db.query('UPDATE alert_channels SET last_success_at = now(), consecutive_failures = 0 WHERE id = $1', [id]);
  }

  async recordFailure(id: string, error: string): Promise<number> {
    const r = await this.db.query<{ n: number }>(
      'UPDATE alert_channels SET last_failure_at = now(), last_error = $2, consecutive_failures = consecutive_failures + 1 WHERE id = $1 RETURNING consecutive_failures AS n',
      [id, error.slice(0, 500)],
    );
    return r.rows[0]?.n ?? 0;
  }
}
