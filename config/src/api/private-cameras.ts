import { Type, type Static } from '@sinclair/typebox';
import { CameraId, StationId, UnitId } from '../ids.ts';
import { CameraStatusValue } from '../mqtt/messages.ts';
import { EpochMs, nullable, strictObject } from './dashboard-common.ts';
import { CAMERA_MAP_STATUSES } from './value-lists.ts';
import { IssueParamsValue } from './common.ts';
import { LanguageValue } from './dashboard-auth.ts';
import { PRIVATE_CAMERA_IMPORT_REASONS, type PrivateCameraImportProblem } from './private-camera-import-reasons.ts';

/**
 * The register of private street-facing cameras (issue 16 item 1): cameras of households,
 * businesses and agencies that commune police note down so that "who could have seen it" can
 * name them. GET/POST /api/private-cameras and below.
 *
 * The view (bearing, field of view, range) means what it means for programme cameras
 * (`domain/camera-view.ts`), so coverage and the investigation query treat both alike.
 * The owner block (name, phone, address) is personal data under Decree 13/2023: the API hands
 * it out only to `private_camera.contact`, audits every such read, and erasure deletes it.
 */
export const PRIVATE_CAMERA_OWNER_KINDS = ['household', 'business', 'agency'] as const;
export type PrivateCameraOwnerKind = (typeof PRIVATE_CAMERA_OWNER_KINDS)[number];
export const PrivateCameraOwnerKindValue = Type.Union(PRIVATE_CAMERA_OWNER_KINDS.map((k) => Type.Literal(k)));

/** What the owner agreed to, each scope including the ones before it. */
export const PRIVATE_CAMERA_CONSENT_SCOPES = ['listed', 'footage_contact', 'live_connection'] as const;
export type PrivateCameraConsentScope = (typeof PRIVATE_CAMERA_CONSENT_SCOPES)[number];
export const PrivateCameraConsentScopeValue = Type.Union(PRIVATE_CAMERA_CONSENT_SCOPES.map((s) => Type.Literal(s)));

export const PRIVATE_CAMERA_RECORDER_KINDS = ['nvr', 'dvr'] as const;
export type PrivateCameraRecorderKind = (typeof PRIVATE_CAMERA_RECORDER_KINDS)[number];
export const PrivateCameraRecorderKindValue = Type.Union(PRIVATE_CAMERA_RECORDER_KINDS.map((k) => Type.Literal(k)));

/** Longest useful range accepted, in metres (camera-view.ts: its projection holds within a few km). */
export const PRIVATE_CAMERA_MAX_RANGE_M = 2000;

const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'yyyy-MM-dd, Asia/Ho_Chi_Minh' });
const Phone = Type.String({ minLength: 3, maxLength: 32, pattern: '^[0-9 +().-]*$' });
export const Latitude = Type.Number({ minimum: -90, maximum: 90 });
export const Longitude = Type.Number({ minimum: -180, maximum: 180 });

export const PrivateCameraOwner = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    phone: Phone,
    address: Type.String({ minLength: 1, maxLength: 256 }),
  },
  strictObject,
);
export type PrivateCameraOwner = Static<typeof PrivateCameraOwner>;

export const PrivateCameraRecorder = Type.Object(
  {
    kind: PrivateCameraRecorderKindValue,
    brand: nullable(Type.String({ minLength: 1, maxLength: 64 })),
    /** Days of footage the recorder keeps before overwriting: "is it probably still kept?". */
    daysKept: nullable(Type.Integer({ minimum: 0, maximum: 3650 })),
  },
  strictObject,
);
export type PrivateCameraRecorder = Static<typeof PrivateCameraRecorder>;

export const PrivateCameraConsent = Type.Object({ date: LocalDate, scope: PrivateCameraConsentScopeValue }, strictObject);
export type PrivateCameraConsent = Static<typeof PrivateCameraConsent>;

/**
 * A connected recorder as the API shows it: never its address or credentials (secrets, entered
 * once), only which collector checks it and the status it last reported.
 */
export const PrivateCameraConnection = Type.Object(
  {
    collectorStationId: StationId,
    /** The camera id the collector reports it under (`pc-<id>`). */
    cameraId: CameraId,
    onvif: Type.Boolean({ description: 'an ONVIF address was given' }),
    credentialsSet: Type.Boolean(),
    connectedAt: EpochMs,
    status: nullable(CameraStatusValue),
    cause: nullable(Type.String()),
    /** When the current status began; null before the first check arrived. */
    since: nullable(EpochMs),
  },
  strictObject,
);
export type PrivateCameraConnection = Static<typeof PrivateCameraConnection>;

/**
 * Connects an owner's recorder (consent scope `live_connection` only). Username and password are
 * stored encrypted and never answered back; absent credentials keep those already entered.
 */
export const PrivateCameraConnectionBody = Type.Object(
  {
    rtspUrl: Type.String({
      pattern: '^rtsps?://[^\\s@/]+(/.*)?$',
      maxLength: 512,
      description: 'RTSP URL of the channel, without credentials',
    }),
    onvifUrl: Type.Optional(nullable(Type.String({ pattern: '^https?://[^\\s@/]+(/.*)?$', maxLength: 512 }))),
    username: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: 128 }))),
    password: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: 128 }))),
  },
  strictObject,
);
export type PrivateCameraConnectionBody = Static<typeof PrivateCameraConnectionBody>;

/** The fields a person enters (form, spreadsheet row); the hub adds who registered it and when. */
const enteredFields = {
  unitId: UnitId,
  ownerKind: PrivateCameraOwnerKindValue,
  owner: PrivateCameraOwner,
  lat: Latitude,
  lon: Longitude,
  /** Degrees clockwise from north. */
  bearingDeg: Type.Number({ minimum: 0, maximum: 360 }),
  fovDeg: Type.Number({ exclusiveMinimum: 0, maximum: 360 }),
  rangeM: Type.Number({ exclusiveMinimum: 0, maximum: PRIVATE_CAMERA_MAX_RANGE_M }),
  facesStreet: Type.Boolean(),
  recorder: nullable(PrivateCameraRecorder),
  consent: PrivateCameraConsent,
};

export const PrivateCamera = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    ...enteredFields,
    unitName: Type.String(),
    /** Null unless the caller holds `private_camera.contact` and asked for it (each such read is audited). */
    owner: nullable(PrivateCameraOwner),
    registeredBy: Type.String(),
    registeredAt: EpochMs,
    updatedAt: EpochMs,
    /** The recorder connection (live_connection consent only) and its live status; null when not connected. */
    connection: Type.Optional(nullable(PrivateCameraConnection)),
  },
  strictObject,
);
export type PrivateCamera = Static<typeof PrivateCamera>;

export const PrivateCameraList = Type.Object(
  {
    items: Type.Array(PrivateCamera),
    /** True when more cameras matched than `limit`. */
    truncated: Type.Boolean(),
  },
  strictObject,
);
export type PrivateCameraList = Static<typeof PrivateCameraList>;

export const CreatePrivateCameraBody = Type.Object(enteredFields, strictObject);
export type CreatePrivateCameraBody = Static<typeof CreatePrivateCameraBody>;

/** Absent fields are left as they are. */
export const UpdatePrivateCameraBody = Type.Partial(Type.Object(enteredFields, strictObject), strictObject);
export type UpdatePrivateCameraBody = Static<typeof UpdatePrivateCameraBody>;

export const PrivateCameraIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }, strictObject);

/** `contact=true` adds the owner block (needs `private_camera.contact`; audited per camera). */
export const PrivateCameraReadQuery = Type.Object({ contact: Type.Optional(Type.Boolean()) }, strictObject);
export type PrivateCameraReadQuery = Static<typeof PrivateCameraReadQuery>;

/** `unitId`: that unit and below; `bbox`: `minLon,minLat,maxLon,maxLat`; always inside the caller's area. */
export const PrivateCameraListQuery = Type.Object(
  {
    unitId: Type.Optional(UnitId),
    bbox: Type.Optional(
      Type.String({
        pattern: '^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$',
        description: 'minLon,minLat,maxLon,maxLat',
      }),
    ),
    contact: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 30000 })),
    /** The next page: cameras registered before this id (the last item of the page before; the list is newest first). */
    before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
  },
  strictObject,
);
export type PrivateCameraListQuery = Static<typeof PrivateCameraListQuery>;

/** Erasure on the owner's request: the reason is kept in the audit log (never the personal data). */
export const ErasePrivateCameraBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500, description: 'e.g. "owner request, form no. 12"' }) },
  strictObject,
);
export type ErasePrivateCameraBody = Static<typeof ErasePrivateCameraBody>;

export const PRIVATE_CAMERA_IMPORT_FORMATS = ['csv', 'xlsx'] as const;

/** A commune's spreadsheet: CSV text, or an .xlsx file in base64 (its first sheet is read). */
export const PrivateCameraImportBody = Type.Object(
  {
    format: Type.Union(PRIVATE_CAMERA_IMPORT_FORMATS.map((f) => Type.Literal(f))),
    data: Type.String({ minLength: 1, description: 'CSV text, or base64 of the .xlsx file' }),
    /** Import the good rows and skip the bad ones (listed in the answer); default: any bad row → nothing written. */
    onlyGoodRows: Type.Optional(Type.Boolean()),
  },
  strictObject,
);
export type PrivateCameraImportBody = Static<typeof PrivateCameraImportBody>;

/** GET /api/private-cameras/template.csv and .xlsx: the import's blank sheet, headings in this language (default vi). */
export const PrivateCameraTemplateQuery = Type.Object({ lang: Type.Optional(LanguageValue) }, strictObject);
export type PrivateCameraTemplateQuery = Static<typeof PrivateCameraTemplateQuery>;

export const PrivateCameraImportIssue = Type.Object(
  {
    /** Spreadsheet line (1 = the heading row). */
    line: Type.Integer({ minimum: 1 }),
    /** The column's Vietnamese heading (`PRIVATE_CAMERA_COLUMNS`), or null for the whole row or file. */
    column: nullable(Type.String()),
    /** Why, as a code the dashboard shows in the user's language (`PRIVATE_CAMERA_IMPORT_REASON_LABELS`). */
    reason: Type.Union(PRIVATE_CAMERA_IMPORT_REASONS.map((r) => Type.Literal(r))),
    params: IssueParamsValue,
    /** The reason in English words, for API users. */
    message: Type.String(),
  },
  strictObject,
);
/** An issue as the reader builds it: the reason's parameters typed by its code. */
export type PrivateCameraImportIssue = Omit<Static<typeof PrivateCameraImportIssue>, 'reason' | 'params'> & PrivateCameraImportProblem;

export const PrivateCameraImportResult = Type.Object(
  {
    rows: Type.Integer({ minimum: 0 }),
    imported: Type.Integer({ minimum: 0 }),
    /** Bad rows skipped (only with `onlyGoodRows`); without it a bad row answers 422 with the same issues. */
    skipped: Type.Integer({ minimum: 0 }),
    issues: Type.Array(PrivateCameraImportIssue),
  },
  strictObject,
);
export type PrivateCameraImportResult = Static<typeof PrivateCameraImportResult>;

/**
 * GET /api/private-cameras/positions: where the private cameras of the caller's area stand, for
 * the map layer, and nothing else (no id, owner, unit or recorder: the map never carries owner
 * data). Columnar, as the station map payload is: 25,000 cameras are ≈ 0.5 MB of JSON instead of
 * ≈ 10 MB as list items. `kind` indexes PRIVATE_CAMERA_OWNER_KINDS. `total` counts every camera
 * that matched, so a cut answer (`truncated`) can say "N of M" instead of passing as complete.
 */
export const PrivateCameraPositions = Type.Object(
  {
    lat: Type.Array(Type.Number()),
    lon: Type.Array(Type.Number()),
    kind: Type.Array(Type.Integer({ minimum: 0, maximum: PRIVATE_CAMERA_OWNER_KINDS.length - 1 })),
    total: Type.Integer({ minimum: 0 }),
    truncated: Type.Boolean(),
    /**
     * The connected ones among them (issue 16 item 4), absent when none is: `at` indexes the
     * arrays above, `cameraId` is the id their collector reports them under (`pc-<id>`, what the
     * live stream's camera-status events carry), `status` indexes CAMERA_MAP_STATUSES (unknown
     * while their collector is offline or has not reported them yet).
     */
    connected: Type.Optional(
      Type.Object(
        {
          at: Type.Array(Type.Integer({ minimum: 0 })),
          cameraId: Type.Array(CameraId),
          status: Type.Array(Type.Integer({ minimum: 0, maximum: CAMERA_MAP_STATUSES.length - 1 })),
        },
        strictObject,
      ),
    ),
  },
  strictObject,
);
export type PrivateCameraPositions = Static<typeof PrivateCameraPositions>;

/** Default and largest number of positions in one answer (a province plans for ~25,000). */
export const PRIVATE_CAMERA_POSITIONS_LIMIT = { default: 50_000, max: 200_000 } as const;

export const PrivateCameraPositionsQuery = Type.Object(
  {
    unitId: Type.Optional(UnitId),
    bbox: PrivateCameraListQuery.properties.bbox,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PRIVATE_CAMERA_POSITIONS_LIMIT.max })),
  },
  strictObject,
);
export type PrivateCameraPositionsQuery = Static<typeof PrivateCameraPositionsQuery>;
