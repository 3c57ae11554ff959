import type { AlertItem, Severity } from '@camwatch/config';
import type { Db } from '../db/db.ts';
import { ALL } from '../auth/scope.ts';
import { unitWithin, type UnitNode } from './alert-facts.ts';
import type { AlertRepository } from './alert-repository.ts';
import type { ChannelRepository, ChannelRow } from './channel-repository.ts';
import type { DeliveryOutbox } from './delivery-outbox-repository.ts';

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/** A channel takes an alert when it is enabled, the alert is in its area and severe enough. */
export function channelTakes(c: ChannelRow, units: ReadonlyMap<string, UnitNode>, unitId: string, severity: Severity): boolean {
  return c.enabled && RANK[severity] >= RANK[c.minSeverity] && (c.unitId === null || unitWithin(units, unitId, c.unitId));
}

export type AlertEvent = 'opened' | 'acknowledged' | 'resolved';

/** Writes one delivery per matching channel into the outbox, in the caller's transaction. */
export async function enqueueAlertEvent(
  tx: Db,
  deps: { alerts: AlertRepository; channels: ChannelRepository; outbox: DeliveryOutbox; units: ReadonlyMap<string, UnitNode> },
  alertId: number,
  event: AlertEvent,
): Promise<AlertItem | null> {
  const item = await deps.alerts.item(alertId, ALL, tx);
  if (!item) return null;
  const channels = (await deps.channels.list(tx)).filter((c) => channelTakes(c, deps.units, item.unitId, item.severity));
  await deps.outbox.enqueue(
    tx,
    channels.map((c) => ({ channelId: c.id, alertId, kind: 'alert' as const, payload: { event, ...item } })),
  );
  return item;
}
