import { mayConnectRecorder, type PrivateCameraConnection, type PrivateCameraConnectionBody } from '@camwatch/config';
import { CAMERA_MAP_STATUSES, privateCameraTargetId, type PrivateCameraPositions } from '@camwatch/config';
import type { Logger } from 'pino';
import type { Db } from '../db/db.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Principal } from '../auth/auth-service.ts';
import { conflict, type Refusal } from '../service-refusal.ts';
import type { CollectorTargetsPublisher } from './collector-targets-publisher.ts';
import type { ConnectionViewRow, PrivateCameraConnectionRepository } from './private-camera-connection-repository.ts';
import type { PrivateCameraRow } from './private-camera-repository.ts';
import type { RecorderCredentialsBox } from './recorder-credentials-box.ts';

/**
 * Connecting an owner's recorder to a collector (issue 16 item 4), only under `live_connection`
 * consent. Every change is audited without the address or credentials; the collector that checks
 * it gets its new list right after the change commits.
 */
export class PrivateCameraConnectionService {
  constructor(
    private readonly db: Db,
    private readonly repo: PrivateCameraConnectionRepository,
    private readonly box: RecorderCredentialsBox,
    private readonly publisher: CollectorTargetsPublisher,
    private readonly audit: AuditLog,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async connect(p: Principal, row: PrivateCameraRow, body: PrivateCameraConnectionBody, ip: string | null): Promise<Refusal | null> {
    if (!mayConnectRecorder(row.consent_scope))
      return conflict(`private camera ${row.id}: the owner's consent is "${row.consent_scope}", a recorder needs "live_connection"`);
    const collector = await this.repo.nearestCollector(this.db, row.unit_id);
    if (!collector) return conflict(`no collector serves unit ${row.unit_id} or any unit above it`);
    const credentialsGiven = body.username !== undefined || body.password !== undefined;
    const credentialsEnc = credentialsGiven
      ? body.username || body.password
        ? await this.box.seal({ username: body.username ?? null, password: body.password ?? null })
        : null
      : undefined;
    const before = await this.db.transaction(async (tx) => {
      const old = await this.repo.get(tx, row.id);
      await this.repo.upsert(tx, {
        privateCameraId: row.id,
        collectorStationId: collector,
        rtspUrl: body.rtspUrl,
        onvifUrl: body.onvifUrl ?? null,
        credentialsEnc,
        by: p.username,
        at: this.now(),
      });
      // Which parts changed, never their values: the address and credentials are the owner's.
      await this.audit.record(
        {
          actor: p,
          action: 'private_camera.connect',
          targetKind: 'private_camera',
          targetId: String(row.id),
          detail: {
            unitId: row.unit_id,
            collectorStationId: collector,
            onvif: body.onvifUrl != null,
            credentialsChanged: credentialsGiven,
          },
          ip,
        },
        tx,
      );
      return old;
    });
    await this.republish([collector, before?.collector_station_id ?? null]);
    return null;
  }

  /** Removes the connection (audited with the reason); false when there was none. */
  async disconnect(p: Principal, row: PrivateCameraRow, reason: string, ip: string | null): Promise<boolean> {
    const collector = await this.db.transaction((tx) => this.dropInTx(tx, p, row, reason, ip));
    await this.republish([collector]);
    return collector !== null;
  }

  /**
   * Inside the caller's transaction (consent lowered, erasure): removes the connection and audits
   * it; answers the collector to hand a new list once the transaction committed.
   */
  async dropInTx(tx: Db, p: Principal, row: PrivateCameraRow, reason: string, ip: string | null): Promise<string | null> {
    const collector = await this.repo.delete(tx, row.id);
    if (collector === null) return null;
    await this.audit.record(
      {
        actor: p,
        action: 'private_camera.disconnect',
        targetKind: 'private_camera',
        targetId: String(row.id),
        detail: { unitId: row.unit_id, collectorStationId: collector, reason },
        ip,
      },
      tx,
    );
    return collector;
  }

  /**
   * Keeps each connection on the collector nearest its camera (issue 16 item 4): run after a
   * camera changed unit and after any station write (a collector added, moved or retired), and at
   * start. Each move is audited (by the system: no one chose it) and both collectors get their
   * new lists once it committed. A transaction-level advisory lock keeps two hubs from racing.
   */
  async rebalance(): Promise<number> {
    const moved = await this.db.transaction(async (tx) => {
      await this.repo.lockReassign(tx);
      const rows = await this.repo.reassign(tx);
      for (const m of rows)
        await this.audit.record(
          {
            actor: null,
            action: 'private_camera.collector_moved',
            targetKind: 'private_camera',
            targetId: String(m.private_camera_id),
            detail: { unitId: m.unit_id, from: m.from, to: m.to },
            ip: null,
          },
          tx,
        );
      return rows;
    });
    if (moved.length > 0) this.log.info({ moved: moved.length }, 'private camera connections moved to their nearest collector');
    await this.republish(moved.flatMap((m) => [m.from, m.to]));
    return moved.length;
  }

  /** New lists for these collectors; a broker that cannot be reached is logged (the next change or hub start sends it again). */
  async republish(collectors: readonly (string | null)[]): Promise<void> {
    for (const id of new Set(collectors.filter((c): c is string => c !== null)))
      await this.publisher
        .publishFor(id)
        .catch((err: Error) => this.log.error({ err: err.message, collectorStationId: id }, 'targets not sent'));
  }

  async views(rows: readonly PrivateCameraRow[]): Promise<Map<number, PrivateCameraConnection>> {
    const raw = await this.repo.views(
      this.db,
      rows.map((r) => r.id),
    );
    return new Map([...raw].map(([id, v]) => [id, toConnection(v)]));
  }

  /** The positions answer's `connected` part: which of these rows are connected, and their status now. */
  async connectedOnMap(rows: readonly { id: number }[]): Promise<PrivateCameraPositions['connected']> {
    const statuses = await this.repo.mapStatuses(
      this.db,
      rows.map((r) => r.id),
    );
    if (statuses.size === 0) return undefined;
    const out = { at: [] as number[], cameraId: [] as string[], status: [] as number[] };
    rows.forEach((r, i) => {
      const s = statuses.get(r.id);
      if (s === undefined) return;
      out.at.push(i);
      out.cameraId.push(privateCameraTargetId(r.id));
      out.status.push(CAMERA_MAP_STATUSES.indexOf(s));
    });
    return out;
  }

  counts(unitIds: readonly string[]): Promise<{ cameras: number; working: number }> {
    return this.repo.counts(this.db, unitIds);
  }
}

function toConnection(v: ConnectionViewRow): PrivateCameraConnection {
  const known = v.status !== null && v.status !== 'unknown';
  return {
    collectorStationId: v.collector_station_id,
    cameraId: privateCameraTargetId(v.private_camera_id),
    onvif: v.has_onvif,
    credentialsSet: v.credentials_set,
    connectedAt: v.connected_at.getTime(),
    status: known ? (v.status as PrivateCameraConnection['status']) : null,
    cause: known ? v.cause : null,
    since: known && v.since ? v.since.getTime() : null,
  };
}
