import { compareAgentVersions, type FleetVersions } from '@camwatch/config';
import type { StationAgentVersion } from './agent-version-repository.ts';

/** The versions summary of an area: counts per version, newest first; who lags and who never said. */
export function summarizeVersions(area: readonly StationAgentVersion[], fleetVersions: readonly string[]): FleetVersions {
  const newest = [...fleetVersions].sort(compareAgentVersions).at(-1) ?? null;
  const counts = new Map<string, number>();
  for (const s of area) if (s.version !== null) counts.set(s.version, (counts.get(s.version) ?? 0) + 1);
  const row = (s: StationAgentVersion) => ({
    stationId: s.stationId,
    name: s.name,
    unitId: s.unitId,
    agentVersion: s.version,
    agentVersionSince: s.since,
  });
  return {
    newestVersion: newest,
    versions: [...counts].sort(([a], [b]) => compareAgentVersions(b, a)).map(([version, stations]) => ({ version, stations })),
    stations: area.length,
    // "Outdated" is older than the newest, not merely different: a station ahead of the rest is not behind.
    outdated: area.filter((s) => s.version !== null && newest !== null && compareAgentVersions(s.version, newest) < 0).map(row),
    unknown: area.filter((s) => s.version === null).map(row),
  };
}
