import type { ChannelStatus, CreateAlertChannelBody, UpdateAlertChannelBody } from '@camwatch/config';
import type { AuditLog, Caller } from '../audit/audit-log.ts';
import type { Db } from '../db/db.ts';
import type { UnitRepository } from '../fleet/unit-repository.ts';
import { invalid, notFound, type Refusal } from '../service-refusal.ts';
import type { AlertEngine } from './alert-engine.ts';
import { ChannelRepository, type ChannelRow } from './channel-repository.ts';
import { CHANNELS } from './channels/channel-registry.ts';

export type { ChannelRow };

/**
 * Where alerts go (webhook, email, MQTT): adding, changing, removing and testing a channel.
 * Each change and its audit entry commit in one transaction.
 */
export class AlertChannelService {
  private readonly channels: ChannelRepository;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly units: UnitRepository,
    private readonly engine: AlertEngine,
  ) {
    this.channels = new ChannelRepository(db);
  }

  list(): Promise<ChannelRow[]> {
    return this.channels.list();
  }

  status(): Promise<ChannelStatus[]> {
    return this.channels.status();
  }

  async create(by: Caller, b: CreateAlertChannelBody): Promise<ChannelRow | Refusal> {
    const unknownUnit = await this.unknownUnit(b.unitId);
    if (unknownUnit) return unknownUnit;
    return this.db.transaction(async (tx) => {
      const created = await new ChannelRepository(tx).create(b);
      await this.audit.record(
        {
          actor: by.actor,
          action: 'alert_channel.create',
          targetKind: 'alert_channel',
          targetId: created.id,
          detail: { kind: created.kind, name: created.name },
          ip: by.ip,
        },
        tx,
      );
      return created;
    });
  }

  async update(by: Caller, id: string, b: UpdateAlertChannelBody): Promise<ChannelRow | Refusal> {
    const unknownUnit = await this.unknownUnit(b.unitId);
    if (unknownUnit) return unknownUnit;
    const existing = await this.channels.byId(id);
    if (!existing) return notFound(`channel ${id}`);
    if (b.config && !CHANNELS[existing.kind].fits(b.config)) return invalid('body/config', `not a ${existing.kind} configuration`);
    return this.db.transaction(async (tx) => {
      const updated = await new ChannelRepository(tx).update(existing.id, b);
      if (!updated) return notFound(`channel ${id}`);
      await this.audit.record(
        {
          actor: by.actor,
          action: 'alert_channel.update',
          targetKind: 'alert_channel',
          targetId: updated.id,
          detail: { fields: Object.keys(b) },
          ip: by.ip,
        },
        tx,
      );
      return updated;
    });
  }

  /** False: no such channel. */
  async delete(by: Caller, id: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if (!(await new ChannelRepository(tx).delete(id))) return false;
      await this.audit.record(
        { actor: by.actor, action: 'alert_channel.delete', targetKind: 'alert_channel', targetId: id, ip: by.ip },
        tx,
      );
      return true;
    });
  }

  /** Queues a test message on the channel; false: no such channel. */
  async test(id: string): Promise<boolean> {
    if (!(await this.channels.byId(id))) return false;
    await this.engine.test(id);
    return true;
  }

  private async unknownUnit(unitId: string | null | undefined): Promise<Refusal | null> {
    if (!unitId || (await this.units.exists(unitId))) return null;
    return invalid('body/unitId', `unknown unit ${unitId}`);
  }
}
