import { Type, type Static } from '@sinclair/typebox';
import { StationId, UnitId } from '../ids.ts';
import { SNAPSHOT_MODES } from '../mqtt/messages.ts';
import { EpochMs, nullable, strictObject } from './dashboard-common.ts';

const bytes = Type.Integer({ minimum: 0 });

/** A station's byte budget as its latest health of today (local day) reports it. */
export const StationBudget = Type.Object(
  {
    stationId: StationId,
    name: Type.String({ maxLength: 128 }),
    unitId: UnitId,
    reportedAt: EpochMs,
    bytesSentToday: bytes,
    byteBudget: bytes,
    bytesProjectedToday: nullable(bytes),
    snapshotMode: nullable(Type.Union(SNAPSHOT_MODES.map((m) => Type.Literal(m)))),
    over: Type.Boolean({ description: 'Sent more than its budget today' }),
    atRisk: Type.Boolean({ description: 'Not over yet, but the day is projected past the budget or snapshots are down to on-change' }),
  },
  strictObject,
);
export type StationBudget = Static<typeof StationBudget>;

/**
 * GET /api/fleet/budget — stations in the user's area over their daily byte budget (a SIM that runs
 * out is a dead station) or about to be, from their latest health of the local day; over first.
 */
export const FleetBudget = Type.Object({ items: Type.Array(StationBudget) }, strictObject);
export type FleetBudget = Static<typeof FleetBudget>;
