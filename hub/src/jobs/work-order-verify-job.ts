import type { Logger } from 'pino';
import type { Db } from '../db/db.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { WorkOrderRepository } from '../work-orders/work-order-repository.ts';
import { WorkOrderService, type WorkOrderPolicy } from '../work-orders/work-order-service.ts';

/**
 * Verifies repairs: every run, repaired orders whose camera (or station) has been ok for the
 * policy's period become "đã xác minh". Any hub may run it: one run at a time holds the lock,
 * and a hub that finds it taken skips its turn. Reopening is not here: it happens when the
 * fault's alert opens again (AlertEngine → WorkOrderService.onAlertOpened).
 */
export function workOrderVerifyJob(db: Db, log: Logger, policy: WorkOrderPolicy, now: () => number): () => Promise<number> {
  const service = new WorkOrderService(db, new WorkOrderRepository(), new AuditLog(db), log, policy, now);
  return async () => {
    const n = await service.verifyDue();
    if (n > 0) log.info({ verified: n }, 'work orders verified');
    return n;
  };
}
