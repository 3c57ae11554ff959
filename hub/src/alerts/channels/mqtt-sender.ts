import { AlertNotice, compileValidator, encodeJson, formatIssues, TOPICS, topicFor } from '@camwatch/config';
import type { ChannelRow } from '../channel-repository.ts';
import type { Delivery } from '../delivery-outbox-repository.ts';
import type { ChannelDefinition, ChannelSender } from './channel-sender.ts';

export type MqttPublish = (topic: string, payload: Buffer, qos: 0 | 1, retain: boolean) => Promise<void>;

const notice = compileValidator(AlertNotice);

/** The MQTT `camwatch/v1/hub/alert` topic (control rooms, integrations): exactly the AlertNotice contract. */
export class MqttSender implements ChannelSender {
  constructor(private readonly publish: MqttPublish | null) {}

  async send(_channel: ChannelRow, d: Delivery): Promise<void> {
    // Digests are for people; the topic carries alert state changes only.
    if (d.kind === 'digest') return;
    if (!this.publish) throw new Error('no MQTT connection to publish alerts on');
    const p = d.payload as Record<string, unknown>;
    const value = {
      alertId: p.alertId,
      rule: p.rule,
      severity: p.severity,
      state: p.state,
      stationId: p.stationId,
      cameraId: p.cameraId,
      unitId: p.unitId,
      message: p.message,
      // Deliveries queued before the hub sent parameters have none.
      params: p.params ?? null,
      openedAt: p.openedAt,
      resolvedAt: p.resolvedAt,
    };
    const issues = notice.issues(value);
    if (issues.length) throw new Error(`not an AlertNotice: ${formatIssues(issues)}`);
    await this.publish(topicFor('alert', {}), encodeJson('alert', value as AlertNotice), TOPICS.alert.qos, TOPICS.alert.retained);
  }
}

export const mqttChannel: ChannelDefinition = {
  target: () => topicFor('alert', {}),
  fits: (config) => Object.keys(config).length === 0,
  createSender: (deps) => new MqttSender(deps.publishMqtt),
};
