import { localDate, localDateToTs, TIME_ZONE_OFFSET_MS } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import type { UptimeService } from '../uptime/index.ts';
import type { DigestPayload } from './alert-email.ts';
import { unitWithin, type UnitNode } from './alert-facts.ts';
import type { ChannelRepository } from './channel-repository.ts';
import type { DeliveryOutbox } from './delivery-outbox.ts';

const DAY_MS = 86_400_000;

/**
 * Once a day, after `hour` o'clock local time, one digest of the previous day per commune
 * (every unit that has stations of its own) to each digest channel covering it: uptime, the
 * alerts opened and how many are still open. alert_digests makes it once per commune and
 * day across restarts and hubs.
 */
export async function enqueueDigests(tx: Db, deps: { channels: ChannelRepository; outbox: DeliveryOutbox; uptime: UptimeService; units: ReadonlyMap<string, UnitNode> }, now: number, hour: number): Promise<number> {
  const localHour = Math.floor(((now + TIME_ZONE_OFFSET_MS) % DAY_MS) / 3_600_000);
  if (localHour < hour) return 0;
  const day = localDate(now - DAY_MS);
  const from = localDateToTs(day);
  const channels = (await deps.channels.list(tx)).filter((c) => c.enabled && c.digest);
  if (channels.length === 0) return 0;
  const communes = await tx.query<{ unit_id: string }>('SELECT DISTINCT unit_id FROM stations WHERE retired_at IS NULL ORDER BY unit_id');
  let sent = 0;
  for (const { unit_id: unitId } of communes.rows) {
    const targets = channels.filter((c) => c.unitId === null || unitWithin(deps.units, unitId, c.unitId));
    if (targets.length === 0) continue;
    const claimed = await tx.query('INSERT INTO alert_digests (unit_id, day) VALUES ($1, $2) ON CONFLICT DO NOTHING', [unitId, day]);
    if (claimed.rowCount === 0) continue;
    const opened = await tx.query<{ message: string; opened_at: Date; resolved_at: Date | null }>(
      'SELECT message, opened_at, resolved_at FROM alerts WHERE unit_id = $1 AND opened_at >= $2 AND opened_at < $3 ORDER BY opened_at', [unitId, new Date(from), new Date(from + DAY_MS)]);
    const open = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM alerts WHERE unit_id = $1 AND state <> 'resolved'`, [unitId]);
    const uptime = await deps.uptime.unitUptime(unitId, { from, to: from + DAY_MS });
    const payload: DigestPayload = {
      unitId, unitName: deps.units.get(unitId)?.name ?? unitId, day, uptimePct: uptime?.total.uptimePct ?? null,
      opened: opened.rows.map((a) => ({ message: a.message, openedAt: a.opened_at.getTime(), resolvedAt: a.resolved_at?.getTime() ?? null })),
      stillOpen: open.rows[0]?.n ?? 0,
    };
    sent += await deps.outbox.enqueue(tx, targets.map((c) => ({ channelId: c.id, alertId: null, kind: 'digest' as const, payload })));
  }
  return sent;
}
