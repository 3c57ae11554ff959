import type { AlertItem, AlertRuleId, UpdateAlertRuleBody } from '@camwatch/config';
import type { AuditLog, Caller } from '../audit/audit-log.ts';
import type { Scope } from '../auth/scope.ts';
import type { Db } from '../db/db.ts';
import { conflict, notFound, type Refusal } from '../service-refusal.ts';
import type { AlertEngine } from './alert-engine.ts';
import type { RuleConfig } from './alert-types.ts';

type ScopedCaller = Caller & { actor: { userId: string }; scope: Scope };

/**
 * What people do with alerts through the API: read them in their area, acknowledge one, tune a
 * rule. Each change and its audit entry commit in one transaction.
 */
export class AlertService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly engine: AlertEngine,
  ) {}

  list(scope: Scope, state: 'open' | 'acknowledged' | 'resolved' | 'all', limit: number): Promise<AlertItem[]> {
    return this.engine.alerts.list(scope, state, limit);
  }

  item(id: number, scope: Scope): Promise<AlertItem | null> {
    return this.engine.alerts.item(id, scope);
  }

  /** Acknowledges an open alert in the caller's area (the channels are told). */
  async acknowledge(by: ScopedCaller, id: number, comment: string): Promise<AlertItem | Refusal> {
    const current = await this.engine.alerts.item(id, by.scope);
    if (!current) return notFound(`alert ${id}`);
    if (current.state !== 'open') return conflict(`alert ${id} is ${current.state}`);
    const item = await this.engine.acknowledge(id, by.actor.userId, comment, (tx) =>
      this.audit.record(
        { actor: by.actor, action: 'alert.ack', targetKind: 'alert', targetId: String(id), detail: { comment }, ip: by.ip },
        tx,
      ),
    );
    return item ?? conflict(`alert ${id} is no longer open`);
  }

  rules(): Promise<RuleConfig[]> {
    return this.engine.alerts.rules();
  }

  /** null: no such rule. */
  async updateRule(by: Caller, id: AlertRuleId, b: UpdateAlertRuleBody): Promise<RuleConfig | null> {
    return this.db.transaction(async (tx) => {
      const updated = await this.engine.alerts.updateRule(id, b, tx);
      if (!updated) return null;
      await this.audit.record(
        { actor: by.actor, action: 'alert_rule.update', targetKind: 'alert_rule', targetId: updated.id, detail: b, ip: by.ip },
        tx,
      );
      return updated;
    });
  }
}
