import type { CameraView } from '@camwatch/config';
import type { Scope } from '../auth/scope.ts';
import type { CoverageRepository } from './coverage-repository.ts';
import type { CoverageView } from './road-coverage.ts';

/**
 * Where road coverage gets its camera views: the programme's, and the register's private
 * street cameras (issue 16 item 1) through `privateViews`. Private views count as "any camera",
 * never as a working programme camera.
 */
export interface CoverageSources {
  programmeViews(): Promise<CoverageView[]>;
  privateViews(area: Scope): Promise<CameraView[]>;
}

export function databaseSources(
  repo: CoverageRepository,
  privateViews: CoverageSources['privateViews'] = (area) => repo.privateViews(area),
): CoverageSources {
  return { programmeViews: () => repo.programmeViews(), privateViews };
}
