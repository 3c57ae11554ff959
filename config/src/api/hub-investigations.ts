import { Type, type Static } from '@sinclair/typebox';
import { CameraId, StationId, UnitId } from '../ids.ts';
import { LanguageValue } from './dashboard-auth.ts';
import { EpochMs, nullable, SnapshotRef, strictObject } from './dashboard-common.ts';
import {
  PrivateCameraConsentScopeValue,
  PrivateCameraOwner,
  PrivateCameraOwnerKindValue,
  PrivateCameraRecorder,
} from './private-cameras.ts';

/**
 * The contract of "who could have seen it" (GET /api/investigations and its printable and CSV
 * forms): a point or a short route and a time window in, the cameras whose view covers it out.
 */

/** A route longer than this is not "a spot": the query would list half a commune. */
export const INVESTIGATION_MAX_ROUTE_M = 5_000;
/** A route is tested every this many metres (and at every vertex). */
export const INVESTIGATION_SAMPLE_STEP_M = 10;
export const INVESTIGATION_MAX_POINTS = 50;
/** Stations farther than this from the spot cannot see it: the inventory's largest camera range (rangeM ≤ 2,000 m). */
export const INVESTIGATION_SEARCH_RADIUS_M = 2_000;
/** Longest window: status over a month is already more than a case file needs. */
export const INVESTIGATION_MAX_WINDOW_MS = 31 * 86_400_000;

/** `lat,lon` pairs separated by `;` (one pair = a point, more = a route), decimal degrees. */
export const INVESTIGATION_ROUTE_PATTERN = '^-?\\d{1,2}(\\.\\d+)?,-?\\d{1,3}(\\.\\d+)?(;-?\\d{1,2}(\\.\\d+)?,-?\\d{1,3}(\\.\\d+)?){0,49}$';

export const InvestigationQuery = Type.Object(
  {
    route: Type.String({
      pattern: INVESTIGATION_ROUTE_PATTERN,
      maxLength: 2_000,
      description: '`lat,lon` (a point) or `lat,lon;lat,lon;…` (a route of up to 50 points, at most 5 km long)',
    }),
    from: EpochMs,
    to: EpochMs,
    lang: Type.Optional(LanguageValue),
  },
  strictObject,
);
export type InvestigationQuery = Static<typeof InvestigationQuery>;

export const InvestigationPoint = Type.Object({ lat: Type.Number(), lon: Type.Number() }, strictObject);

/** What a camera's window was made of, as shares of the whole window (they add up to 1). */
export const InvestigationShares = Type.Object(
  {
    ok: Type.Number({ minimum: 0, maximum: 1 }),
    degraded: Type.Number({ minimum: 0, maximum: 1 }),
    down: Type.Number({ minimum: 0, maximum: 1 }),
    /** Its station was out of contact (power, SIM, theft): the camera may have recorded nothing. */
    unreachable: Type.Number({ minimum: 0, maximum: 1 }),
    maintenance: Type.Number({ minimum: 0, maximum: 1 }),
    /** Nothing known: not installed yet, the hub not listening, the future, or no report. */
    noData: Type.Number({ minimum: 0, maximum: 1 }),
  },
  strictObject,
);
export type InvestigationShares = Static<typeof InvestigationShares>;

export const INVESTIGATION_SPAN_STATUSES = ['ok', 'degraded', 'down', 'unreachable', 'maintenance'] as const;
export type InvestigationSpanStatus = (typeof INVESTIGATION_SPAN_STATUSES)[number];

export const InvestigationSpan = Type.Object(
  { start: EpochMs, end: EpochMs, status: Type.Union(INVESTIGATION_SPAN_STATUSES.map((s) => Type.Literal(s))) },
  strictObject,
);
export type InvestigationSpan = Static<typeof InvestigationSpan>;

export const InvestigationCamera = Type.Object(
  {
    cameraId: CameraId,
    stationId: StationId,
    stationName: Type.String(),
    address: Type.String(),
    unitId: UnitId,
    unitName: Type.String(),
    lat: Type.Number(),
    lon: Type.Number(),
    bearingDeg: Type.Number(),
    fovDeg: Type.Number(),
    rangeM: Type.Number(),
    /** Distance from the camera to the nearest seen point of the route, metres. */
    distanceM: Type.Number({ minimum: 0 }),
    shares: InvestigationShares,
    /** Usable ÷ (usable + down + unreachable) over the window; null when nothing is known. */
    availabilityPct: nullable(Type.Number()),
    /** The window's known spans, in time order; the gaps are no data. */
    spans: Type.Array(InvestigationSpan),
    /** The last snapshot taken at or before the window's start, and the first at or after its end. */
    snapshotBefore: nullable(SnapshotRef),
    snapshotAfter: nullable(SnapshotRef),
  },
  strictObject,
);
export type InvestigationCamera = Static<typeof InvestigationCamera>;

/** A registered private camera whose view covers the spot: whom to ask for the footage. */
export const InvestigationPrivateCamera = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    unitId: UnitId,
    unitName: Type.String(),
    ownerKind: PrivateCameraOwnerKindValue,
    /** Null for a caller without `private_camera.contact`; each answer with owners is audited. */
    owner: nullable(PrivateCameraOwner),
    lat: Type.Number(),
    lon: Type.Number(),
    bearingDeg: Type.Number(),
    fovDeg: Type.Number(),
    rangeM: Type.Number(),
    facesStreet: Type.Boolean(),
    distanceM: Type.Number({ minimum: 0 }),
    recorder: nullable(PrivateCameraRecorder),
    consentScope: PrivateCameraConsentScopeValue,
    /** Window end + the recorder's days kept; null when the days are not known. */
    footageKeptUntil: nullable(EpochMs),
    /** footageKeptUntil is still ahead: the recorder has probably not overwritten the window yet. */
    footageProbablyKept: nullable(Type.Boolean()),
  },
  strictObject,
);
export type InvestigationPrivateCamera = Static<typeof InvestigationPrivateCamera>;

export const Investigation = Type.Object(
  {
    route: Type.Array(InvestigationPoint),
    from: EpochMs,
    to: EpochMs,
    /** When the answer was computed: later time in the window is no data. */
    asOf: EpochMs,
    programmeCameras: Type.Array(InvestigationCamera),
    /** Registered private cameras (households, businesses, agencies) whose view covers it, nearest first. */
    privateCameras: Type.Array(InvestigationPrivateCamera),
  },
  strictObject,
);
export type Investigation = Static<typeof Investigation>;
