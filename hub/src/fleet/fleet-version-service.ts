import type { FleetVersions } from '@camwatch/config';
import type { Scope } from '../auth/scope.ts';
import type { Db } from '../db/db.ts';
import { AgentVersionRepository } from './agent-version-repository.ts';
import { summarizeVersions } from './fleet-versions.ts';

/** Which agent versions run in an area, against the newest anywhere in the fleet. */
export class FleetVersionService {
  private readonly versions: AgentVersionRepository;

  constructor(db: Db) {
    this.versions = new AgentVersionRepository(db);
  }

  async summary(scope: Scope): Promise<FleetVersions> {
    const [area, fleet] = await Promise.all([this.versions.stations(scope), this.versions.fleetVersions()]);
    return summarizeVersions(area, fleet);
  }
}
