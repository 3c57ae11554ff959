/**
 * Every tunable number of camwatch, named and documented in one place. Agents, hub and
 * simulator import these; the topic reference (config/MQTT.md) prints them.
 */
export interface Default {
  readonly value: number;
  readonly unit: 'ms' | 's' | 'bytes' | 'count' | 'percent' | 'ratio' | 'px' | 'days' | 'm';
  readonly doc: string;
}

export const DEFAULTS = {
  // --- edge agent cadence
  healthIntervalMs: {
    value: 60_000,
    unit: 'ms',
    doc: 'Station health heartbeat period; the hub marks a station offline after `stationOfflineAfterMs` without one.',
  },
  probeIntervalMs: { value: 60_000, unit: 'ms', doc: 'How often each camera is checked (reachability, ONVIF, stream).' },
  pictureCheckIntervalMs: {
    value: 300_000,
    unit: 'ms',
    doc: 'How often sampled frames are analysed for frozen / black / blurred / covered / turned-away pictures.',
  },
  statusRefreshIntervalMs: {
    value: 900_000,
    unit: 'ms',
    doc: 'Camera status is reported on change, and re-sent unchanged at this period so a hub that lost state recovers it.',
  },
  snapshotIntervalMs: {
    value: 900_000,
    unit: 'ms',
    doc: 'Periodic JPEG snapshot per camera (15 min keeps a 3-camera station within the 20 MB/day 4G budget).',
  },
  checkTimeoutMs: { value: 10_000, unit: 'ms', doc: 'Upper bound for any single camera check.' },
  checkConcurrency: { value: 2, unit: 'count', doc: 'Camera checks running at once on a station box (ffmpeg is the expensive part).' },
  frameSampleSeconds: { value: 4, unit: 's', doc: 'Length of the stream sample decoded for picture-quality checks.' },
  pictureConfirmSamples: {
    value: 2,
    unit: 'count',
    doc: 'Consecutive picture checks that must agree on a new picture fault before it is reported (the second runs at the next probe), so one noisy sample never pages anyone.',
  },

  // --- snapshots
  snapshotMaxWidthPx: { value: 640, unit: 'px', doc: 'Snapshots are downscaled to at most this width before upload.' },
  snapshotMaxBytes: {
    value: 60_000,
    unit: 'bytes',
    doc: 'Snapshots are re-encoded at lower quality until they fit; the hub rejects larger payloads.',
  },
  snapshotHubMaxBytes: {
    value: 512_000,
    unit: 'bytes',
    doc: 'Largest snapshot message the hub accepts (anything bigger is rejected and counted).',
  },

  // --- picture quality thresholds
  frozenMinSeconds: { value: 3, unit: 's', doc: 'ffmpeg freezedetect duration that counts as a frozen picture.' },
  frozenNoiseDb: {
    value: -55,
    unit: 'count',
    doc: "freezedetect noise tolerance in dB. -55, not ffmpeg's -60: a camera whose sensor hangs keeps encoding the same picture, and each keyframe differs from it by more than -60 dB (measured on the real-footage corpus; moving scenes stay above -40 dB).",
  },
  blackMinRatio: { value: 0.9, unit: 'ratio', doc: 'Share of the sample that must be black (blackdetect) to call the picture black.' },
  blurLaplacianMin: { value: 40, unit: 'count', doc: 'Variance of the Laplacian below which a picture is blurred.' },
  coveredVarianceMax: {
    value: 60,
    unit: 'count',
    doc: 'Pixel-luma variance below which (with a picture that is not black) the lens is covered.',
  },
  viewChangedHammingMin: {
    value: 22,
    unit: 'count',
    doc: 'Perceptual-hash (64-bit dHash) Hamming distance from the reference snapshot that means the camera was turned.',
  },

  // --- MQTT session and store-and-forward
  reconnectMinMs: { value: 1_000, unit: 'ms', doc: 'First reconnect delay; doubles up to `reconnectMaxMs`, with full jitter.' },
  reconnectMaxMs: { value: 60_000, unit: 'ms', doc: 'Longest reconnect delay.' },
  keepaliveS: { value: 30, unit: 's', doc: 'MQTT keepalive; the broker fires the Last Will after 1.5 × this without traffic.' },
  willDelayS: {
    value: 30,
    unit: 's',
    doc: 'MQTT 5 will delay: the broker publishes the `offline` Last Will only if the station has not reconnected within this, so a 4G blip or a broker restart shorter than it shows no outage (MQTT 3.1.1 has no delay).',
  },
  sessionExpiryS: {
    value: 86_400,
    unit: 's',
    doc: 'MQTT 5 session expiry: the broker keeps a disconnected station’s session (subscriptions, queued commands) this long.',
  },
  dailyByteBudget: {
    value: 20_000_000,
    unit: 'bytes',
    doc: 'Bytes a station may send per local day (its 4G plan), counted on the socket (MQTT framing and TLS records included). Health, status and events always go; snapshots shrink, slow down, then go only on change or on command to stay within it.',
  },
  outboxMaxBytes: {
    value: 64 * 1024 * 1024,
    unit: 'bytes',
    doc: 'Disk budget of the agent outbox; 24 h of a 4-camera station needs about 6 MB.',
  },
  replayMaxMsgsPerSec: {
    value: 20,
    unit: 'count',
    doc: 'Replay rate limit after an outage, so a returning station does not flood its uplink.',
  },
  inflightMax: { value: 20, unit: 'count', doc: 'QoS 1 messages in flight (unacknowledged) per station.' },

  // --- hub
  stationOfflineAfterMs: {
    value: 180_000,
    unit: 'ms',
    doc: 'Without birth, health or status for this long a station is offline (3 missed heartbeats), even if no Last Will arrived.',
  },
  stationMaxMsgsPerSec: {
    value: 50,
    unit: 'count',
    doc: 'Sustained messages per second the hub takes from one station (its agent replays at most `replayMaxMsgsPerSec`); above it messages are dropped and counted `rate_limited`.',
  },
  stationBurstMsgs: { value: 600, unit: 'count', doc: 'Messages one station may send at once before `stationMaxMsgsPerSec` applies.' },
  ingestBatchMaxRows: { value: 2_000, unit: 'count', doc: 'Ingest writes a batch when it holds this many messages…' },
  ingestBatchMaxDelayMs: { value: 100, unit: 'ms', doc: '…or when the oldest message has waited this long.' },
  maxFutureSkewMs: { value: 5 * 60_000, unit: 'ms', doc: 'A sample stamped further than this in the future is rejected (`ts_future`).' },
  maxReplayAgeMs: {
    value: 30 * 86_400_000,
    unit: 'ms',
    doc: 'A sample older than this is rejected (`ts_too_old`); outboxes hold far less.',
  },
  rawRetentionDays: {
    value: 90,
    unit: 'days',
    doc: 'Raw health and status samples are kept this long; hourly rollups and status intervals are kept for ever.',
  },
  snapshotRetentionDays: {
    value: 30,
    unit: 'days',
    doc: 'Snapshot history is kept this long (Decree 13/2023: images of streets and homes are not kept longer than needed); the latest per camera is always kept.',
  },
  snapshotHistoryEveryMs: {
    value: 3_600_000,
    unit: 'ms',
    doc: 'At most one snapshot per camera per this period is kept in history; the latest always replaces the previous latest.',
  },

  // --- roads and coverage
  roadStationDistanceM: {
    value: 300,
    unit: 'm',
    doc: "A station belongs to a priority road (QL1, N2, QL50, QL62) in the programme report when it lies within this distance of the road's geometry; the station's `road` text is used only where the map has no geometry for that road.",
  },
  coverageSegmentM: {
    value: 50,
    unit: 'm',
    doc: 'Road coverage splits every road into stretches this long and counts a stretch covered when a camera sees its midpoint.',
  },
  coverageCacheMs: {
    value: 60_000,
    unit: 'ms',
    doc: "Province road coverage is recomputed at most this often (and when roads.geojson or units.geojson change); each request filters it to the caller's area.",
  },
} as const satisfies Record<string, Default>;

export type DefaultName = keyof typeof DEFAULTS;

export function defaultValue(name: DefaultName): number {
  return DEFAULTS[name].value;
}

/** Viet Nam has no daylight saving time: every day in Asia/Ho_Chi_Minh starts at 17:00 UTC the day before. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';
export const TIME_ZONE_OFFSET_MS = 7 * 3_600_000;
