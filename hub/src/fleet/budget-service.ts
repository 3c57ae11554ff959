import { startOfLocalDay, type FleetBudget } from '@camwatch/config';
import type { Scope } from '../auth/scope.ts';
import type { BudgetRepository } from './budget-repository.ts';

/** Stations short of their daily byte budget: over it first, then those at risk, by station. */
export class BudgetService {
  constructor(
    private readonly repo: BudgetRepository,
    private readonly now: () => number = Date.now,
  ) {}

  async short(scope: Scope): Promise<FleetBudget> {
    // The agent counts bytes per local day: yesterday's count says nothing about today.
    const rows = await this.repo.stationsShort(scope, startOfLocalDay(this.now()));
    const items = rows.map((r) => ({ ...r, over: r.bytesSentToday > r.byteBudget, atRisk: r.bytesSentToday <= r.byteBudget }));
    return { items: [...items.filter((i) => i.over), ...items.filter((i) => !i.over)] };
  }
}
