import { localDate, localDateToTs, TIME_ZONE_OFFSET_MS } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import type { UptimeService } from '../uptime/index.ts';
import type { DigestPayload } from './alert-email.ts';
import { unitWithin, type UnitNode } from './alert-facts.ts';
import type { ChannelRepository } from './channel-repository.ts';
import type { DeliveryOutbox } from './delivery-outbox-repository.ts';
import type { DigestRepository } from './digest-repository.ts';

const DAY_MS = 86_400_000;
/** A hub that was down for days catches up at most this many days of digests per commune. */
export const DIGEST_CATCH_UP_DAYS = 7;

/** Local days owed a digest: after the last one made (or only the latest due day, for a unit never sent one), up to the latest due day. */
export function daysOwed(lastDay: string | undefined, now: number, hour: number): string[] {
  const localHour = Math.floor(((now + TIME_ZONE_OFFSET_MS) % DAY_MS) / 3_600_000);
  // Yesterday is due from `hour` o'clock today; the day before yesterday is due whatever the hour.
  const latest = localDateToTs(localDate(now - (localHour >= hour ? 1 : 2) * DAY_MS));
  const earliest = Math.max(latest - (DIGEST_CATCH_UP_DAYS - 1) * DAY_MS, lastDay === undefined ? latest : localDateToTs(lastDay) + DAY_MS);
  const days: string[] = [];
  for (let t = earliest; t <= latest; t += DAY_MS) days.push(localDate(t));
  return days;
}

/**
 * After `hour` o'clock local time, one digest of each owed day per commune (every unit that has
 * stations of its own) to each digest channel covering it: uptime, the alerts opened and how many
 * are still open. A day is owed until its digest is made, so a day with no evaluation pass between
 * `hour` and midnight (hub down, lock held elsewhere) is caught up on the next pass (within
 * DIGEST_CATCH_UP_DAYS). alert_digests makes each once per commune and day across restarts and hubs.
 */
export async function enqueueDigests(
  tx: Db,
  deps: {
    channels: ChannelRepository;
    outbox: DeliveryOutbox;
    uptime: UptimeService;
    units: ReadonlyMap<string, UnitNode>;
    digests: DigestRepository;
  },
  now: number,
  hour: number,
): Promise<number> {
  const channels = (await deps.channels.list(tx)).filter((c) => c.enabled && c.digest);
  if (channels.length === 0) return 0;
  const repo = deps.digests;
  const lastDays = await repo.lastDays(tx);
  let sent = 0;
  for (const unitId of await repo.unitsWithStations(tx)) {
    const targets = channels.filter((c) => c.unitId === null || unitWithin(deps.units, unitId, c.unitId));
    if (targets.length === 0) continue;
    for (const day of daysOwed(lastDays.get(unitId), now, hour)) {
      if (!(await repo.claim(tx, unitId, day))) continue;
      const from = localDateToTs(day);
      const uptime = await deps.uptime.unitUptime(unitId, { from, to: from + DAY_MS });
      const payload: DigestPayload = {
        unitId,
        unitName: deps.units.get(unitId)?.name ?? unitId,
        day,
        uptimePct: uptime?.total.uptimePct ?? null,
        opened: await repo.opened(tx, unitId, from, from + DAY_MS),
        stillOpen: await repo.stillOpen(tx, unitId),
      };
      sent += await deps.outbox.enqueue(
        tx,
        targets.map((c) => ({ channelId: c.id, alertId: null, kind: 'digest' as const, payload })),
      );
    }
  }
  return sent;
}
