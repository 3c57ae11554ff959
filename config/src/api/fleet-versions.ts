import { Type, type Static } from '@sinclair/typebox';
import { StationId, UnitId } from '../ids.ts';
import { EpochMs, nullable, strictObject } from './dashboard-common.ts';

const version = Type.String({ maxLength: 32 });

/**
 * Orders agent versions: dotted numeric parts compared as numbers (`1.10.0` after `1.9.3`), a
 * pre-release suffix (`1.2.0-rc.1`) before its release, anything else by text. Negative when `a` is older.
 */
export function compareAgentVersions(a: string, b: string): number {
  const split = (v: string) => {
    const m = /^v?(\d+(?:\.\d+)*)(?:[-+](.*))?$/.exec(v);
    return m ? { nums: m[1]!.split('.').map(Number), pre: m[2] ?? null } : null;
  };
  const x = split(a);
  const y = split(b);
  if (!x || !y) return x ? 1 : y ? -1 : a.localeCompare(b);
  for (let i = 0; i < Math.max(x.nums.length, y.nums.length); i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return d;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  return x.pre.localeCompare(y.pre, 'en', { numeric: true });
}

export const FleetVersionCount = Type.Object({ version, stations: Type.Integer({ minimum: 0 }) }, strictObject);
export type FleetVersionCount = Static<typeof FleetVersionCount>;

export const FleetVersionStation = Type.Object(
  {
    stationId: StationId,
    name: Type.String({ maxLength: 128 }),
    unitId: UnitId,
    agentVersion: nullable(version),
    agentVersionSince: nullable(EpochMs),
  },
  strictObject,
);
export type FleetVersionStation = Static<typeof FleetVersionStation>;

/**
 * GET /api/fleet/versions — the agent versions of the stations in the user's area (from their
 * births). `newestVersion` is the newest any station of the whole fleet runs now (a release is
 * fleet-wide, so a commune whose stations all lag is still told so); `outdated` are the stations in
 * the area on an older one, `unknown` those that never sent a birth.
 */
export const FleetVersions = Type.Object(
  {
    newestVersion: nullable(version),
    versions: Type.Array(FleetVersionCount, { description: 'Newest first' }),
    stations: Type.Integer({ minimum: 0, description: 'Stations in the area (not retired)' }),
    outdated: Type.Array(FleetVersionStation),
    unknown: Type.Array(FleetVersionStation),
  },
  strictObject,
);
export type FleetVersions = Static<typeof FleetVersions>;
