import {
  importIssue,
  mayConnectRecorder,
  privateCameraHeading,
  type CreatePrivateCameraBody,
  type PrivateCameraImportIssue,
  type PrivateCameraImportResult,
  type SheetReading,
  type UpdatePrivateCameraBody,
} from '@camwatch/config';
import type { Db } from '../db/db.ts';
import type { AuditLog, Caller } from '../audit/audit-log.ts';
import type { Principal } from '../auth/auth-service.ts';
import { scopeHasUnit } from '../auth/scope.ts';
import { notFound, type Refusal } from '../service-refusal.ts';
import type { PrivateCameraFilter, PrivateCameraRepository, PrivateCameraRow } from './private-camera-repository.ts';
import { placeOf } from './private-camera-view.ts';
import type { PrivateCameraConnectionService } from './private-camera-connection-service.ts';

/** An import with bad rows and no leave to skip them: nothing was written. */
export class PrivateCameraImportRefused extends Error {
  constructor(readonly issues: PrivateCameraImportIssue[]) {
    super(`${issues.length} problem(s) in the spreadsheet; nothing imported`);
  }
}

/**
 * The register of private street cameras. Every change is audited with what changed but never
 * the owner's personal data (the audit log outlives an erasure). Reads of an owner's contact are
 * audited one entry per camera, so "who saw this owner's phone" has an answer.
 */
export class PrivateCameraService {
  constructor(
    private readonly db: Db,
    private readonly repo: PrivateCameraRepository,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
    /** Recorder connections: withdrawn consent or erasure removes the connection and stops its checks. */
    private readonly connections: PrivateCameraConnectionService | null = null,
  ) {}

  get(p: Principal, id: number): Promise<PrivateCameraRow | null> {
    return this.repo.get(this.db, id, p.scope);
  }

  list(p: Principal, f: PrivateCameraFilter): Promise<PrivateCameraRow[]> {
    return this.repo.list(this.db, p.scope, f);
  }

  /** Positions only, for the map layer (no owner data, so nothing to audit). */
  positions(p: Principal, f: PrivateCameraFilter): ReturnType<PrivateCameraRepository['positions']> {
    return this.repo.positions(this.db, p.scope, f);
  }

  /** Records that the caller was handed these owners' contact (name, phone, address). */
  async contactRead(caller: Caller, rows: readonly PrivateCameraRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const r of rows)
        await this.audit.record(
          {
            actor: caller.actor,
            action: 'private_camera.contact_read',
            targetKind: 'private_camera',
            targetId: String(r.id),
            detail: { unitId: r.unit_id },
            ip: caller.ip,
          },
          tx,
        );
    });
  }

  async create(p: Principal, body: CreatePrivateCameraBody, ip: string | null): Promise<number | Refusal> {
    const refused = await this.unitRefusal(p, body.unitId);
    if (refused) return refused;
    return this.db.transaction(async (tx) => {
      const id = await this.repo.insert(tx, body, p.username, this.now());
      await this.audit.record(
        {
          actor: p,
          action: 'private_camera.create',
          targetKind: 'private_camera',
          targetId: String(id),
          detail: { unitId: body.unitId, ownerKind: body.ownerKind },
          ip,
        },
        tx,
      );
      return id;
    });
  }

  async update(p: Principal, row: PrivateCameraRow, patch: UpdatePrivateCameraBody, ip: string | null): Promise<Refusal | null> {
    if (patch.unitId !== undefined && patch.unitId !== row.unit_id) {
      const refused = await this.unitRefusal(p, patch.unitId);
      if (refused) return refused;
    }
    const merged: CreatePrivateCameraBody = { ...bodyOf(row), ...patch };
    const dropped = await this.db.transaction(async (tx) => {
      if (!(await this.repo.update(tx, row.id, merged, this.now()))) return null;
      // Field names only: the values may be personal data.
      await this.audit.record(
        {
          actor: p,
          action: 'private_camera.update',
          targetKind: 'private_camera',
          targetId: String(row.id),
          detail: { fields: Object.keys(patch).sort() },
          ip,
        },
        tx,
      );
      return mayConnectRecorder(merged.consent.scope)
        ? null
        : ((await this.connections?.dropInTx(tx, p, row, 'consent withdrawn', ip)) ?? null);
    });
    await this.connections?.republish([dropped]);
    // Another unit may have a nearer collector: the connection follows the camera.
    if (dropped === null && patch.unitId !== undefined && patch.unitId !== row.unit_id) await this.connections?.rebalance();
    return null;
  }

  /** Erasure on the owner's request: the row goes for good; the audit keeps who, when, why and the unit only. */
  async erase(p: Principal, row: PrivateCameraRow, reason: string, ip: string | null): Promise<void> {
    const dropped = await this.db.transaction(async (tx) => {
      const collector = (await this.connections?.dropInTx(tx, p, row, 'erasure', ip)) ?? null;
      if (!(await this.repo.delete(tx, row.id))) return collector;
      await this.audit.record(
        {
          actor: p,
          action: 'private_camera.erase',
          targetKind: 'private_camera',
          targetId: String(row.id),
          detail: { unitId: row.unit_id, ownerKind: row.owner_kind, reason },
          ip,
        },
        tx,
      );
      return collector;
    });
    await this.connections?.republish([dropped]);
  }

  /**
   * Imports a read spreadsheet in one transaction. Rows naming a unit outside the caller's area
   * (or no unit at all) are bad rows too. Any bad row refuses the whole file unless `onlyGoodRows`.
   */
  async import(p: Principal, sheet: SheetReading, onlyGoodRows: boolean, ip: string | null): Promise<PrivateCameraImportResult> {
    const issues = [...sheet.issues];
    const known = await this.repo.existingUnits(this.db, [...new Set(sheet.rows.map((r) => r.body.unitId))]);
    const good = sheet.rows.filter((r) => {
      if (known.has(r.body.unitId) && scopeHasUnit(p.scope, r.body.unitId)) return true;
      issues.push(importIssue(r.line, privateCameraHeading('unitId', 'vi'), { reason: 'unknown_unit', params: { value: r.body.unitId } }));
      return false;
    });
    issues.sort((a, b) => a.line - b.line);
    const headerBroken = issues.some((i) => i.line === 1);
    if (headerBroken || (issues.length > 0 && !onlyGoodRows)) throw new PrivateCameraImportRefused(issues);
    const at = this.now();
    await this.db.transaction(async (tx) => {
      for (const r of good) await this.repo.insert(tx, r.body, p.username, at);
      await this.audit.record(
        {
          actor: p,
          action: 'private_camera.import',
          targetKind: 'private_camera',
          targetId: 'import',
          detail: { imported: good.length, skipped: sheet.total - good.length, units: [...new Set(good.map((r) => r.body.unitId))].sort() },
          ip,
        },
        tx,
      );
    });
    return { rows: sheet.total, imported: good.length, skipped: sheet.total - good.length, issues };
  }

  private async unitRefusal(p: Principal, unitId: string): Promise<Refusal | null> {
    if (!scopeHasUnit(p.scope, unitId)) return notFound(`unit ${unitId}`);
    const known = await this.repo.existingUnits(this.db, [unitId]);
    return known.has(unitId) ? null : notFound(`unit ${unitId}`);
  }
}

function bodyOf(r: PrivateCameraRow): CreatePrivateCameraBody {
  return {
    unitId: r.unit_id,
    ownerKind: r.owner_kind,
    owner: { name: r.owner_name, phone: r.owner_phone, address: r.address },
    ...placeOf(r),
    consent: { date: r.consent_date, scope: r.consent_scope },
  };
}
