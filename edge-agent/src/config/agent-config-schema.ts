import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CameraId, DEFAULTS, StationId } from '@camwatch/config';

const strict = { additionalProperties: false } as const;
const ms = (value: number, doc: string) => Type.Integer({ minimum: 1000, maximum: 86_400_000, default: value, description: doc });
/** Sub-objects default to `{}` so their own defaults fill in when the section is left out. */
const section = <T extends TSchema>(schema: T) => Type.Optional(Type.Unsafe<Static<T>>({ ...schema, default: {} }));

export const CameraConfig = Type.Object(
  {
    cameraId: CameraId,
    rtspUrl: Type.Optional(
      Type.String({ pattern: '^rtsps?://', maxLength: 512, description: 'Stream URL; credentials may be inline or in username/password' }),
    ),
    onvifUrl: Type.Optional(
      Type.String({
        pattern: '^https?://',
        maxLength: 512,
        description: 'ONVIF device service, e.g. http://192.168.1.64/onvif/device_service',
      }),
    ),
    onvifChannel: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 256,
        description: 'Channel of an NVR or encoder at onvifUrl (its n-th video source); 1 for a camera',
      }),
    ),
    username: Type.Optional(Type.String({ maxLength: 128 })),
    password: Type.Optional(Type.String({ maxLength: 256 })),
    make: Type.String({ maxLength: 64, default: 'unknown' }),
    model: Type.String({ maxLength: 64, default: 'unknown' }),
  },
  strict,
);
export type CameraConfig = Static<typeof CameraConfig>;

/** The agent's one configuration file (`/etc/camwatch/agent.yaml`). Every key is listed here; any other is an error. */
export const AgentConfig = Type.Object(
  {
    version: Type.Literal(1, { description: 'File format version; a future format will be migrated from this one' }),
    stationId: StationId,
    collector: Type.Boolean({
      default: false,
      description: "Collector mode: check the consenting owners' recorders the hub lists for this station, instead of cameras of its own",
    }),
    mqtt: Type.Object(
      {
        url: Type.String({ pattern: '^mqtts?://[^/]+', maxLength: 512, description: 'mqtt://host:1883 or mqtts://host:8883' }),
        username: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
        password: Type.Optional(Type.String({ maxLength: 256 })),
        protocol: Type.Union([Type.Literal('auto'), Type.Literal(5), Type.Literal(4)], {
          default: 'auto',
          description: 'MQTT protocol level: auto tries 5 and falls back to 3.1.1 when the broker refuses it (the embedded aedes broker)',
        }),
        willDelayS: Type.Integer({ minimum: 0, maximum: 3600, default: DEFAULTS.willDelayS.value, description: DEFAULTS.willDelayS.doc }),
        sessionExpiryS: Type.Integer({
          minimum: 0,
          maximum: 30 * 86_400,
          default: DEFAULTS.sessionExpiryS.value,
          description: DEFAULTS.sessionExpiryS.doc,
        }),
        tls: Type.Optional(
          Type.Object(
            {
              caFile: Type.Optional(Type.String({ minLength: 1, description: 'PEM of the CA that signed the broker certificate' })),
              certFile: Type.Optional(Type.String({ minLength: 1 })),
              keyFile: Type.Optional(Type.String({ minLength: 1 })),
              rejectUnauthorized: Type.Boolean({ default: true }),
            },
            strict,
          ),
        ),
      },
      strict,
    ),
    cameras: Type.Array(CameraConfig, { maxItems: 64, default: [] }),
    discovery: section(
      Type.Object(
        {
          enabled: Type.Boolean({
            default: false,
            description: 'ONVIF WS-Discovery on the station LAN at start and on the rediscover command',
          }),
          username: Type.Optional(Type.String({ maxLength: 128, description: 'Tried on every discovered camera' })),
          password: Type.Optional(Type.String({ maxLength: 256 })),
        },
        strict,
      ),
    ),
    intervals: section(
      Type.Object(
        {
          healthMs: ms(DEFAULTS.healthIntervalMs.value, DEFAULTS.healthIntervalMs.doc),
          probeMs: ms(DEFAULTS.probeIntervalMs.value, DEFAULTS.probeIntervalMs.doc),
          pictureCheckMs: ms(DEFAULTS.pictureCheckIntervalMs.value, DEFAULTS.pictureCheckIntervalMs.doc),
          statusRefreshMs: ms(DEFAULTS.statusRefreshIntervalMs.value, DEFAULTS.statusRefreshIntervalMs.doc),
          snapshotMs: ms(DEFAULTS.snapshotIntervalMs.value, DEFAULTS.snapshotIntervalMs.doc),
        },
        strict,
      ),
    ),
    checks: section(
      Type.Object(
        {
          timeoutMs: Type.Integer({ minimum: 1000, maximum: 120_000, default: DEFAULTS.checkTimeoutMs.value }),
          concurrency: Type.Integer({ minimum: 1, maximum: 16, default: DEFAULTS.checkConcurrency.value }),
          frameSampleSeconds: Type.Number({ minimum: 1, maximum: 30, default: DEFAULTS.frameSampleSeconds.value }),
        },
        strict,
      ),
    ),
    /** Overrides of the picture thresholds; absent ones keep the contracts' DEFAULTS. */
    thresholds: section(
      Type.Object(
        {
          frozenMinSeconds: Type.Optional(Type.Number({ minimum: 0.1, maximum: 3600 })),
          frozenNoiseDb: Type.Optional(Type.Number({ minimum: -120, maximum: 0 })),
          blackMinRatio: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
          blackPixelMax: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
          blurLaplacianMin: Type.Optional(Type.Number({ minimum: 0 })),
          coveredVarianceMax: Type.Optional(Type.Number({ minimum: 0 })),
          viewChangedHammingMin: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
          lowFpsMin: Type.Optional(Type.Number({ minimum: 0, maximum: 120 })),
        },
        strict,
      ),
    ),
    snapshots: section(
      Type.Object(
        {
          maxWidthPx: Type.Integer({ minimum: 160, maximum: 3840, default: DEFAULTS.snapshotMaxWidthPx.value }),
          maxBytes: Type.Integer({
            minimum: 5_000,
            maximum: DEFAULTS.snapshotHubMaxBytes.value - 4096,
            default: DEFAULTS.snapshotMaxBytes.value,
          }),
        },
        strict,
      ),
    ),
    budget: section(
      Type.Object(
        {
          dailyBytes: Type.Integer({
            minimum: 1_000_000,
            maximum: 100_000_000_000,
            default: DEFAULTS.dailyByteBudget.value,
            description: DEFAULTS.dailyByteBudget.doc,
          }),
        },
        strict,
      ),
    ),
    outbox: section(
      Type.Object(
        {
          dir: Type.String({ minLength: 1, default: '/var/lib/camwatch', description: "Holds outbox.db; on the box's persistent storage" }),
          maxBytes: Type.Integer({ minimum: 1_000_000, maximum: 4_000_000_000, default: DEFAULTS.outboxMaxBytes.value }),
          replayMaxMsgsPerSec: Type.Integer({ minimum: 1, maximum: 1000, default: DEFAULTS.replayMaxMsgsPerSec.value }),
        },
        strict,
      ),
    ),
    log: section(
      Type.Object(
        {
          level: Type.Union(
            ['fatal', 'error', 'warn', 'info', 'debug', 'trace'].map((l) => Type.Literal(l)),
            { default: 'info' },
          ),
        },
        strict,
      ),
    ),
  },
  strict,
);

type Filled<T> = { [K in keyof T]-?: T[K] extends object | undefined ? (K extends 'tls' ? T[K] : NonNullable<T[K]>) : T[K] };
/** The configuration after defaults are filled in: every section is present. */
export type AgentConfig = Filled<Static<typeof AgentConfig>>;
