import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { BootId, CameraId, StationId } from '../ids.ts';
import {
  ALERT_SEVERITIES,
  CAMERA_CAUSES,
  CAMERA_STATUSES,
  COMMAND_KINDS,
  EVENT_KINDS,
  SNAPSHOT_MODES,
  type CameraCause,
  type CommandKind,
  type EventKind,
  type SnapshotMode,
} from './message-values.ts';

// The value lists live in a module without TypeBox (the dashboard's first bundle reads them); re-exported here as before.
export { ALERT_SEVERITIES, CAMERA_CAUSES, CAMERA_STATUSES, COMMAND_KINDS, EVENT_KINDS, SNAPSHOT_MODES };
export type { CameraCause, CommandKind, EventKind, SnapshotMode };

/**
 * Bounds of every number a station can send. Each stays far outside what a working station sends, but
 * inside what the hub's code and columns can hold: `new Date(ms)` throws past 8.64e15, PostgreSQL's
 * `integer` ends at 2^31 - 1 and `real` at 3.4e38. A value outside them is refused at decode with its
 * path, so it never reaches a batch write (where it once was retried for ever and stopped all ingest).
 */
export const LIMITS = {
  /** 2100-01-01T00:00:00Z: no station clock, command expiry or gap end is later; `Date` and `timestamptz` hold it. */
  maxEpochMs: 4_102_444_800_000,
  /** PostgreSQL `integer`. */
  maxInt4: 2_147_483_647,
  /** Counters kept as `bigint`, exact in a JavaScript number. */
  maxCounter: Number.MAX_SAFE_INTEGER,
  /** Picture measures kept as `real` (luma variance ≤ 128², Laplacian variance ≤ (8·255)²): generous headroom. */
  maxMeasure: 1e9,
} as const;

/** A time in epoch milliseconds, bounded to what `Date` and `timestamptz` hold. */
const epochMs = (description = 'Epoch milliseconds') => Type.Integer({ minimum: 0, maximum: LIMITS.maxEpochMs, description });
const int4 = (minimum = 0, description?: string) =>
  Type.Integer({ minimum, maximum: LIMITS.maxInt4, ...(description ? { description } : {}) });
const counter = (minimum = 0, description?: string) =>
  Type.Integer({ minimum, maximum: LIMITS.maxCounter, ...(description ? { description } : {}) });

/** Common to every message a station sends: who, which boot, which position in its stream, when, live or replayed. */
export const Envelope = {
  stationId: StationId,
  bootId: BootId,
  seq: Type.Integer({
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description: 'Per-station, per-boot sequence number, +1 per data message',
  }),
  ts: epochMs('Edge clock, epoch milliseconds'),
  replay: Type.Boolean({
    description:
      'true when sent from the outbox after an outage (the agent sends live messages ahead of these, the hub writes these in its replay lane behind live ones), false when live',
  }),
};

const text = (maxLength: number, description?: string) => Type.String({ maxLength, ...(description ? { description } : {}) });
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const strict = { additionalProperties: false } as const;

export const CameraStatusValue = Type.Union(
  CAMERA_STATUSES.map((s) => Type.Literal(s)),
  { description: 'As seen by the agent; the hub adds `unknown` when the station is offline' },
);
export type CameraStatusValue = (typeof CAMERA_STATUSES)[number];

export const CameraCauseValue = Type.Union(CAMERA_CAUSES.map((c) => Type.Literal(c)));

export const StreamInfo = Type.Object(
  {
    codec: text(32),
    width: Type.Integer({ minimum: 0, maximum: 16384 }),
    height: Type.Integer({ minimum: 0, maximum: 16384 }),
    fps: Type.Number({ minimum: 0, maximum: 1000 }),
    bitrateKbps: nullable(Type.Number({ minimum: 0, maximum: 1_000_000 })),
  },
  strict,
);
export type StreamInfo = Static<typeof StreamInfo>;

export const PictureInfo = Type.Object(
  {
    frozen: Type.Boolean(),
    blackRatio: Type.Number({ minimum: 0, maximum: 1 }),
    brightness: Type.Number({ minimum: 0, maximum: 255, description: 'Mean luma' }),
    variance: Type.Number({ minimum: 0, maximum: LIMITS.maxMeasure, description: 'Luma variance (low = covered lens)' }),
    sharpness: Type.Number({ minimum: 0, maximum: LIMITS.maxMeasure, description: 'Variance of the Laplacian (low = blurred)' }),
    viewDistance: nullable(Type.Integer({ minimum: 0, maximum: 64, description: 'dHash Hamming distance from the reference snapshot' })),
  },
  strict,
);
export type PictureInfo = Static<typeof PictureInfo>;

export const BirthCamera = Type.Object(
  {
    cameraId: CameraId,
    make: text(64),
    model: text(64),
    firmware: nullable(text(64)),
    onvif: Type.Boolean({ description: 'Answers ONVIF' }),
    streamHost: nullable(text(255, 'RTSP host:port, never with credentials')),
    hasReference: Type.Optional(
      Type.Boolean({
        description:
          'The agent holds a reference view of this camera that it did not merely learn since this boot. `false` after a reinstall: the hub then sends back the one it keeps (`restore_reference`)',
      }),
    ),
  },
  strict,
);

export const Birth = Type.Object(
  {
    ...Envelope,
    agentVersion: text(32),
    configHash: text(64),
    startedAt: epochMs('When this boot of the agent started'),
    intervals: Type.Object({ healthMs: int4(1000), probeMs: int4(1000), snapshotMs: int4(1000) }, strict),
    cameras: Type.Array(BirthCamera, { maxItems: 64 }),
    willDelayS: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 3600,
        description:
          'Will delay of this connection in seconds (0 on MQTT 3.1.1): the hub holds this station’s Last Will as a pending outage this long, so a will the broker publishes early (Mosquitto on shutdown) is dropped when the station is back within it',
      }),
    ),
  },
  { ...strict, description: 'Retained. Sent on every (re)connect.' },
);
export type Birth = Static<typeof Birth>;

export const StationState = Type.Object(
  {
    stationId: StationId,
    bootId: BootId,
    state: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
    ts: epochMs(),
    connectionId: int4(0, 'Counts connects within a boot, so a stale Last Will of an earlier connection is recognised'),
  },
  { ...strict, description: 'Retained. `online` is published after every connect; `offline` is the Last Will (station death).' },
);
export type StationState = Static<typeof StationState>;

export const Health = Type.Object(
  {
    ...Envelope,
    cpuPct: Type.Number({ minimum: 0, maximum: 100 }),
    load1: Type.Number({ minimum: 0, maximum: 1000 }),
    memUsedPct: Type.Number({ minimum: 0, maximum: 100 }),
    diskUsedPct: Type.Number({ minimum: 0, maximum: 100 }),
    tempC: nullable(Type.Number({ minimum: -60, maximum: 150 })),
    uptimeS: counter(),
    uplinkLatencyMs: nullable(Type.Number({ minimum: 0, maximum: 600_000 })),
    bytesSentToday: counter(),
    clockOffsetMs: nullable(Type.Number({ minimum: -1e12, maximum: 1e12, description: 'Edge clock minus hub clock' })),
    outboxPending: int4(),
    outboxDropped: counter(0, 'Samples thinned out of a full outbox since install'),
    byteBudget: Type.Optional(counter(0, 'The station’s daily byte budget (its 4G plan), bytes per local day')),
    bytesProjectedToday: Type.Optional(counter(0, 'Bytes the local day ends on if the snapshot plan holds (`bytesSentToday` included)')),
    snapshotMode: Type.Optional(
      Type.Union(
        SNAPSHOT_MODES.map((m) => Type.Literal(m)),
        {
          description:
            '`full`: snapshots as configured; `reduced`: smaller and/or less often to stay within `byteBudget`; `on_change`: scheduled snapshots suspended by the budget, sent only when a camera changes status or on command',
        },
      ),
    ),
    snapshotMaxBytes: Type.Optional(int4(0, 'Largest snapshot the budget allows now')),
    snapshotIntervalMs: Type.Optional(int4(0, 'Least time between two scheduled snapshots of a camera the budget allows now')),
  },
  { ...strict, description: 'Station heartbeat, every `healthIntervalMs`.' },
);
export type Health = Static<typeof Health>;

export const CameraStatus = Type.Object(
  {
    ...Envelope,
    cameraId: CameraId,
    status: CameraStatusValue,
    cause: nullable(CameraCauseValue),
    detail: text(256),
    stream: nullable(StreamInfo),
    picture: nullable(PictureInfo),
    checkMs: Type.Integer({ minimum: 0, maximum: 3_600_000 }),
  },
  { ...strict, description: 'On every change of status or cause, and unchanged every `statusRefreshIntervalMs`.' },
);
export type CameraStatus = Static<typeof CameraStatus>;

export const SnapshotMeta = Type.Object(
  {
    ...Envelope,
    cameraId: CameraId,
    width: Type.Integer({ minimum: 1, maximum: 16384 }),
    height: Type.Integer({ minimum: 1, maximum: 16384 }),
    trigger: Type.Union([Type.Literal('scheduled'), Type.Literal('command'), Type.Literal('reference')]),
  },
  { ...strict, description: 'Metadata of a snapshot; the JPEG bytes follow it in the same frame (see `encodeSnapshotFrame`).' },
);
export type SnapshotMeta = Static<typeof SnapshotMeta>;

/**
 * A camera's reference as the agent judges by it: the dHash of the view it should have, and its
 * own day/night picture references (the agent's format, versioned inside; the hub keeps it opaque).
 * The hub keeps the newest one so that a reinstalled agent gets it back instead of learning
 * whatever the camera sees that day as normal.
 */
export const CameraReference = Type.Object(
  {
    frameHash: nullable(Type.String({ pattern: '^[0-9a-f]{16}$', description: 'dHash of the reference view' })),
    picture: nullable(text(32_768, "The agent's picture reference JSON (day and night), opaque to the hub")),
    origin: Type.Union([Type.Literal('learnt'), Type.Literal('accepted'), Type.Literal('restored')], {
      description: 'learnt from the first good pictures; accepted by a person through the hub; restored from the hub',
    }),
  },
  strict,
);
export type CameraReference = Static<typeof CameraReference>;

export const StationEvent = Type.Object(
  {
    ...Envelope,
    kind: Type.Union(EVENT_KINDS.map((k) => Type.Literal(k))),
    cameraId: nullable(CameraId),
    message: text(512),
    /** For `outbox_gap`: how many samples were thinned and the time span they covered. */
    gap: nullable(Type.Object({ dropped: counter(1), fromTs: epochMs(), toTs: epochMs() }, strict)),
    /** For `reference_updated`: the camera's reference as it now stands. */
    reference: Type.Optional(nullable(CameraReference)),
  },
  { ...strict, description: 'Something happened at the station. Kept longest when the outbox is full.' },
);
export type StationEvent = Static<typeof StationEvent>;

export const Command = Type.Object(
  {
    commandId: Type.String({ pattern: '^[A-Za-z0-9-]{8,40}$' }),
    kind: Type.Union(COMMAND_KINDS.map((k) => Type.Literal(k))),
    cameraId: nullable(CameraId),
    issuedAt: epochMs(),
    expiresAt: epochMs('An agent ignores a command that arrives after this (e.g. queued while offline)'),
    reference: Type.Optional(nullable(CameraReference)),
  },
  { ...strict, description: 'Hub → station. QoS 1, not retained.' },
);
export type Command = Static<typeof Command>;

export const CommandReply = Type.Object(
  {
    ...Envelope,
    commandId: Type.String({ pattern: '^[A-Za-z0-9-]{8,40}$' }),
    ok: Type.Boolean(),
    message: text(512),
  },
  { ...strict, description: 'Station → hub answer to a command.' },
);
export type CommandReply = Static<typeof CommandReply>;

export const HubClock = Type.Object(
  {
    hubTs: epochMs(),
  },
  { ...strict, description: 'Hub → all stations, every `healthIntervalMs`; agents derive their clock offset from it.' },
);
export type HubClock = Static<typeof HubClock>;

/** One private recorder a collector checks (issue 16 item 4): what a static camera entry gives a station's agent. */
export const CollectorTarget = Type.Object(
  {
    cameraId: CameraId,
    rtspUrl: nullable(text(512)),
    onvifUrl: nullable(text(512)),
    username: nullable(text(128)),
    password: nullable(text(128)),
  },
  strict,
);
export type CollectorTarget = Static<typeof CollectorTarget>;

export const CollectorTargets = Type.Object(
  {
    hubTs: epochMs('When the hub made the list'),
    targets: Type.Array(CollectorTarget, { maxItems: 5000 }),
  },
  {
    ...strict,
    description:
      'Hub → one collector, retained: the whole list of private recorders it checks. A new list replaces the old; the collector adds and retires cameras to match.',
  },
);
export type CollectorTargets = Static<typeof CollectorTargets>;

export const HubEcho = Type.Object(
  {
    hubId: Type.String({ minLength: 1, maxLength: 128 }),
    hubTs: epochMs(),
  },
  {
    ...strict,
    description:
      "Hub → hubs, every few seconds at QoS 1: when a hub receives an echo sent at `hubTs`, the broker has delivered it everything queued before, so silence up to then is the stations' own.",
  },
);
export type HubEcho = Static<typeof HubEcho>;

/**
 * What an alert's text is built from besides its rule, station and camera, so that each reader
 * renders it in its own language (`alertText` in @camwatch/config/domain). `value`/`limit`:
 * disk_full percent used and threshold, clock_skew milliseconds, agent_outdated versions.
 */
export const AlertParams = Type.Object(
  {
    stationName: text(128),
    since: epochMs('When the condition began'),
    cause: Type.Optional(nullable(text(64, 'camera_down: the camera cause'))),
    value: Type.Optional(nullable(Type.Union([Type.Number(), text(32)]))),
    limit: Type.Optional(nullable(Type.Union([Type.Number(), text(32)]))),
  },
  strict,
);
export type AlertParams = Static<typeof AlertParams>;

export const AlertNotice = Type.Object(
  {
    alertId: Type.String({ maxLength: 64 }),
    rule: text(64),
    severity: Type.Union(ALERT_SEVERITIES.map((s) => Type.Literal(s))),
    state: Type.Union([Type.Literal('open'), Type.Literal('acknowledged'), Type.Literal('resolved')]),
    stationId: StationId,
    cameraId: nullable(CameraId),
    unitId: Type.String({ maxLength: 64 }),
    message: text(512, 'Vietnamese; kept for channels and older readers. Render from rule + params instead'),
    params: Type.Optional(nullable(AlertParams)),
    openedAt: epochMs(),
    resolvedAt: nullable(epochMs()),
    privateCameraId: Type.Optional(
      Type.Integer({
        minimum: 1,
        description:
          "A connected private camera's alert: its register id (stationId is then the collector that checks it). No owner data travels with an alert.",
      }),
    ),
  },
  { ...strict, description: 'Hub → subscribers (control rooms, integrations): an alert opened, acknowledged or resolved.' },
);
export type AlertNotice = Static<typeof AlertNotice>;
