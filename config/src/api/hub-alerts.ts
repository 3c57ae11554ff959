import { Type, type Static, type TLiteral, type TObject, type TUnion } from '@sinclair/typebox';
import { UnitId } from '../ids.ts';
import { ALERT_SEVERITIES } from '../mqtt/message-values.ts';
import { ALERT_RULES } from './value-lists.ts';

export { ALERT_RULES, ALERT_RULE_LABELS } from './value-lists.ts';
export type { AlertRuleId } from './value-lists.ts';
import { EpochMs, nullable, strictObject } from './dashboard-common.ts';

export const AlertRuleIdValue = Type.Union(ALERT_RULES.map((r) => Type.Literal(r)));
export const SeverityValue = Type.Union(ALERT_SEVERITIES.map((s) => Type.Literal(s)));
export type Severity = (typeof ALERT_SEVERITIES)[number];

/**
 * A rule: a condition must hold `durationS` (the grace period) before an alert opens, and be
 * gone `resolveAfterS` before it resolves. An alert that comes back within `flapWindowS` of
 * resolving is reopened, not duplicated; from the `flapMax`-th reopening on it is flapping
 * and no longer notifies.
 */
export const AlertRule = Type.Object(
  {
    id: AlertRuleIdValue,
    enabled: Type.Boolean(),
    severity: SeverityValue,
    durationS: Type.Integer({ minimum: 0, maximum: 7 * 86_400 }),
    resolveAfterS: Type.Integer({ minimum: 0, maximum: 86_400 }),
    flapWindowS: Type.Integer({ minimum: 0, maximum: 7 * 86_400 }),
    flapMax: Type.Integer({ minimum: 1, maximum: 100 }),
    threshold: nullable(
      Type.Number({
        description:
          'disk_full: percent used; clock_skew: milliseconds; byte_budget: percent of the daily budget the day is projected to use',
      }),
    ),
    minAgentVersion: nullable(
      Type.String({ maxLength: 32, pattern: '^\\d+\\.\\d+\\.\\d+', description: 'agent_outdated: oldest acceptable version' }),
    ),
  },
  strictObject,
);
export type AlertRule = Static<typeof AlertRule>;
export const AlertRuleList = Type.Object({ items: Type.Array(AlertRule) }, strictObject);
export const AlertRuleParams = Type.Object({ id: AlertRuleIdValue }, strictObject);
export const UpdateAlertRuleBody = Type.Partial(Type.Omit(AlertRule, ['id']), { ...strictObject, minProperties: 1 });
export type UpdateAlertRuleBody = Static<typeof UpdateAlertRuleBody>;

export const AlertIdParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,17}$' }) }, strictObject);

/** Where alerts go. Secrets (webhook signing secret) are write-only: listed as `hasSecret`. */
export const WebhookConfig = Type.Object(
  {
    url: Type.String({ maxLength: 1024, pattern: '^https?://[^\\s]+$' }),
    secret: Type.Optional(
      Type.String({ minLength: 16, maxLength: 256, description: 'Signs each body: header X-Camwatch-Signature: sha256=<hex HMAC>' }),
    ),
  },
  strictObject,
);
export const EmailConfig = Type.Object(
  {
    to: Type.Array(Type.String({ maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' }), { minItems: 1, maxItems: 50 }),
  },
  strictObject,
);
export const MqttChannelConfig = Type.Object({}, strictObject);

const channelCommon = {
  name: Type.String({ minLength: 1, maxLength: 128 }),
  unitId: nullable(UnitId),
  minSeverity: SeverityValue,
  digest: Type.Boolean({ description: 'Also send the daily digest of each commune in its area' }),
  enabled: Type.Boolean(),
};
/**
 * Every alert channel kind and its configuration: the one list the API schemas below, the hub's
 * channel registry (hub/src/alerts/channels/channel-registry.ts) and its route checks derive from.
 * A new kind is one entry here plus its sender in the hub.
 */
export const ALERT_CHANNEL_CONFIGS = { webhook: WebhookConfig, email: EmailConfig, mqtt: MqttChannelConfig } as const;
export type AlertChannelKind = keyof typeof ALERT_CHANNEL_CONFIGS;
export const ALERT_CHANNEL_KINDS = Object.keys(ALERT_CHANNEL_CONFIGS) as AlertChannelKind[];
type ChannelConfigSchemas = typeof ALERT_CHANNEL_CONFIGS;
type CreateChannelOf<K extends AlertChannelKind> = TObject<{ kind: TLiteral<K>; config: ChannelConfigSchemas[K] } & typeof channelCommon>;

export const CreateAlertChannelBody = Type.Union(
  ALERT_CHANNEL_KINDS.map((kind) =>
    Type.Object({ kind: Type.Literal(kind), config: ALERT_CHANNEL_CONFIGS[kind], ...channelCommon }, strictObject),
  ),
) as unknown as TUnion<{ [K in AlertChannelKind]: CreateChannelOf<K> }[AlertChannelKind][]>;
export type CreateAlertChannelBody = Static<typeof CreateAlertChannelBody>;
export const UpdateAlertChannelBody = Type.Partial(
  Type.Object({
    ...channelCommon,
    config: Type.Union(ALERT_CHANNEL_KINDS.map((k) => ALERT_CHANNEL_CONFIGS[k])) as unknown as TUnion<
      ChannelConfigSchemas[AlertChannelKind][]
    >,
  }),
  { ...strictObject, minProperties: 1 },
);
export type UpdateAlertChannelBody = Static<typeof UpdateAlertChannelBody>;

export const AlertChannel = Type.Object(
  {
    id: Type.String(),
    kind: Type.Union(ALERT_CHANNEL_KINDS.map((k) => Type.Literal(k))) as unknown as TUnion<TLiteral<AlertChannelKind>[]>,
    ...channelCommon,
    target: Type.String({ description: 'Webhook URL, email addresses, or the MQTT topic' }),
    hasSecret: Type.Boolean(),
  },
  strictObject,
);
export type AlertChannel = Static<typeof AlertChannel>;
export const AlertChannelList = Type.Object({ items: Type.Array(AlertChannel) }, strictObject);
export const ChannelIdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) }, strictObject);

/** A failing channel is visible: consecutive failures, last error, what is waiting. */
export const ChannelStatus = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    enabled: Type.Boolean(),
    healthy: Type.Boolean({ description: 'false after a failed attempt until the next success' }),
    consecutiveFailures: Type.Integer({ minimum: 0 }),
    lastSuccessAt: nullable(EpochMs),
    lastFailureAt: nullable(EpochMs),
    lastError: nullable(Type.String()),
    pending: Type.Integer({ minimum: 0 }),
    failed: Type.Integer({ minimum: 0, description: 'Deliveries given up after every retry' }),
  },
  strictObject,
);
export type ChannelStatus = Static<typeof ChannelStatus>;
export const ChannelStatusList = Type.Object({ items: Type.Array(ChannelStatus) }, strictObject);

/** What webhooks and the MQTT alert topic carry for an alert event (emails render it as text). */
export const ALERT_EVENTS = ['opened', 'acknowledged', 'resolved'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];
