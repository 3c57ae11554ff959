import type { Static, TSchema } from '@sinclair/typebox';
import { isValidId } from '../ids.ts';
import {
  AlertNotice,
  Birth,
  CameraStatus,
  CollectorTargets,
  Command,
  CommandReply,
  Health,
  HubClock,
  HubEcho,
  SnapshotMeta,
  StationEvent,
  StationState,
} from './messages.ts';

/** Every topic lives under this prefix; a breaking change of any payload bumps the version. */
export const TOPIC_PREFIX = 'camwatch/v1';

type Direction = 'station→hub' | 'hub→station' | 'hub→any' | 'hub→hub';

interface TopicSpec<S extends TSchema, P extends 'station' | 'camera' | 'none', D extends Direction, R extends boolean> {
  readonly schema: S;
  /** Which ids the topic carries in its levels. */
  readonly scope: P;
  /** Topic levels after the prefix, `{stationId}` and `{cameraId}` filled in. */
  readonly pattern: string;
  readonly direction: D;
  readonly qos: 0 | 1;
  readonly retained: R;
  /** Payload encoding: JSON, or the binary snapshot frame. */
  readonly encoding: 'json' | 'snapshot-frame';
  readonly doc: string;
}

const spec = <S extends TSchema, P extends 'station' | 'camera' | 'none', D extends Direction, R extends boolean>(
  s: TopicSpec<S, P, D, R>,
) => s;

/**
 * The whole MQTT API, keyed by message kind (zigbee2mqtt's idea, one step further: publish and
 * subscribe are generic over this map, so a wrong payload for a topic does not compile).
 */
export const TOPICS = {
  birth: spec({
    schema: Birth,
    scope: 'station',
    pattern: 'st/{stationId}/birth',
    direction: 'station→hub',
    qos: 1,
    retained: true,
    encoding: 'json',
    doc: 'Station birth: agent version, boot id, cameras, config hash.',
  }),
  state: spec({
    schema: StationState,
    scope: 'station',
    pattern: 'st/{stationId}/state',
    direction: 'station→hub',
    qos: 1,
    retained: true,
    encoding: 'json',
    doc: 'Liveness: `online` after each connect, `offline` as the Last Will (station death).',
  }),
  health: spec({
    schema: Health,
    scope: 'station',
    pattern: 'st/{stationId}/health',
    direction: 'station→hub',
    qos: 1,
    retained: false,
    encoding: 'json',
    doc: 'Station health heartbeat.',
  }),
  cameraStatus: spec({
    schema: CameraStatus,
    scope: 'camera',
    pattern: 'st/{stationId}/cam/{cameraId}/status',
    direction: 'station→hub',
    qos: 1,
    retained: false,
    encoding: 'json',
    doc: 'Camera status and cause.',
  }),
  snapshot: spec({
    schema: SnapshotMeta,
    scope: 'camera',
    pattern: 'st/{stationId}/cam/{cameraId}/snapshot',
    direction: 'station→hub',
    qos: 1,
    retained: false,
    encoding: 'snapshot-frame',
    doc: 'JPEG snapshot: metadata JSON and JPEG bytes in one binary frame.',
  }),
  event: spec({
    schema: StationEvent,
    scope: 'station',
    pattern: 'st/{stationId}/event',
    direction: 'station→hub',
    qos: 1,
    retained: false,
    encoding: 'json',
    doc: 'Station events (outbox gaps, discovery, reboots, …).',
  }),
  command: spec({
    schema: Command,
    scope: 'station',
    pattern: 'st/{stationId}/cmd',
    direction: 'hub→station',
    qos: 1,
    retained: false,
    encoding: 'json',
    doc: 'Command from the hub.',
  }),
  commandReply: spec({
    schema: CommandReply,
    scope: 'station',
    pattern: 'st/{stationId}/cmd/reply',
    direction: 'station→hub',
    qos: 1,
    retained: false,
    encoding: 'json',
    doc: 'Reply to a command.',
  }),
  collectorTargets: spec({
    schema: CollectorTargets,
    scope: 'station',
    pattern: 'st/{stationId}/targets',
    direction: 'hub→station',
    qos: 1,
    retained: true,
    encoding: 'json',
    doc: 'Private recorders a collector checks (retained; carries their credentials: only that collector may read it).',
  }),
  hubClock: spec({
    schema: HubClock,
    scope: 'none',
    pattern: 'hub/clock',
    direction: 'hub→any',
    qos: 0,
    retained: false,
    encoding: 'json',
    doc: 'Hub time beacon for clock-offset measurement.',
  }),
  hubEcho: spec({
    schema: HubEcho,
    scope: 'none',
    pattern: 'hub/echo',
    direction: 'hub→hub',
    qos: 1,
    retained: false,
    encoding: 'json',
    doc: 'Hub round trip through the broker: how far the hub has heard the fleet (station timeouts wait for it).',
  }),
  alert: spec({
    schema: AlertNotice,
    scope: 'none',
    pattern: 'hub/alert',
    direction: 'hub→any',
    qos: 1,
    retained: false,
    encoding: 'json',
    doc: 'Alert opened, acknowledged or resolved.',
  }),
} as const;

export type TopicKind = keyof typeof TOPICS;
export type PayloadOf<K extends TopicKind> = Static<(typeof TOPICS)[K]['schema']>;
type ScopeOf<K extends TopicKind> = (typeof TOPICS)[K]['scope'];
export type TopicParams<K extends TopicKind> =
  ScopeOf<K> extends 'camera'
    ? { stationId: string; cameraId: string }
    : ScopeOf<K> extends 'station'
      ? { stationId: string }
      : Record<string, never>;

const TOPIC_KINDS = Object.keys(TOPICS) as TopicKind[];
type Spec<K extends TopicKind> = (typeof TOPICS)[K];

/** Kinds a station publishes (all carry the envelope except `state`). */
export type StationKind = { [K in TopicKind]: Spec<K>['direction'] extends 'station→hub' ? K : never }[TopicKind];
export const STATION_KINDS: readonly StationKind[] = TOPIC_KINDS.filter((k): k is StationKind => TOPICS[k].direction === 'station→hub');

/**
 * The station's data: every station kind that is not retained. These travel through the agent's
 * outbox and are split between the hubs of a share group; the retained ones (birth, state) are
 * session-level liveness every hub must see.
 */
export type DataKind = { [K in StationKind]: Spec<K>['retained'] extends false ? K : never }[StationKind];
export const DATA_KINDS: readonly DataKind[] = STATION_KINDS.filter((k): k is DataKind => !TOPICS[k].retained);
/** Retained station kinds: birth and liveness. */
export const RETAINED_STATION_KINDS: readonly StationKind[] = STATION_KINDS.filter((k) => TOPICS[k].retained);

export class TopicError extends Error {
  override readonly name = 'TopicError';
}

/** Builds a topic string; the only way topic strings are made anywhere in camwatch. */
export function topicFor<K extends TopicKind>(kind: K, params: TopicParams<K>): string {
  const { pattern } = TOPICS[kind];
  const p = params as Partial<Record<'stationId' | 'cameraId', string>>;
  const levels = pattern.replace(/\{(stationId|cameraId)\}/g, (_m, name: 'stationId' | 'cameraId') => {
    const value = p[name];
    if (value === undefined || !isValidId(value)) throw new TopicError(`invalid ${name} ${JSON.stringify(value)} for topic ${kind}`);
    return value;
  });
  return `${TOPIC_PREFIX}/${levels}`;
}

export interface ParsedTopic {
  kind: TopicKind;
  stationId: string | null;
  cameraId: string | null;
}

const parsers = TOPIC_KINDS.map((kind) => {
  const source = TOPICS[kind].pattern.replace(/\{(stationId|cameraId)\}/g, '([^/]+)');
  const names = [...TOPICS[kind].pattern.matchAll(/\{(stationId|cameraId)\}/g)].map((m) => m[1] as 'stationId' | 'cameraId');
  return { kind, re: new RegExp(`^${TOPIC_PREFIX}/${source}$`), names };
});

/** Parses a concrete topic; null for anything that is not exactly one of ours with valid ids. */
export function parseTopic(topic: string): ParsedTopic | null {
  for (const { kind, re, names } of parsers) {
    const m = re.exec(topic);
    if (!m) continue;
    const out: ParsedTopic = { kind, stationId: null, cameraId: null };
    for (let i = 0; i < names.length; i++) {
      const value = m[i + 1]!;
      if (!isValidId(value)) return null;
      out[names[i]!] = value;
    }
    return out;
  }
  return null;
}

/** Subscription filter for one kind across all stations (`+` in every id level). */
export function filterFor(kind: TopicKind): string {
  return `${TOPIC_PREFIX}/${TOPICS[kind].pattern.replace(/\{(stationId|cameraId)\}/g, '+')}`;
}

/** Everything one station may publish: the ACL rule brokers enforce. */
export function stationPublishFilter(stationId: string): string {
  return `${TOPIC_PREFIX}/st/${stationId}/#`;
}

/** True when `stationId` may publish on `topic`: only its own station-to-hub topics. */
export function stationMayPublish(stationId: string, topic: string): boolean {
  const parsed = parseTopic(topic);
  return parsed !== null && parsed.stationId === stationId && TOPICS[parsed.kind].direction === 'station→hub';
}

/** True when `stationId` may subscribe to `filter`: its own commands and targets, and the hub broadcasts. */
export function stationMaySubscribe(stationId: string, filter: string): boolean {
  return (
    filter === topicFor('command', { stationId }) ||
    filter === topicFor('collectorTargets', { stationId }) ||
    filter === topicFor('hubClock', {})
  );
}

/**
 * MQTT 5 shared subscription: hubs in the same group split the fleet between them
 * (each message goes to one member of the group).
 */
export function sharedFilter(group: string, filter: string): string {
  return `$share/${group}/${filter}`;
}
