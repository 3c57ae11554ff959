import { encodeJson, privateCameraTargetId, topicFor, TOPICS, type CollectorTarget } from '@camwatch/config';
import type { Logger } from 'pino';
import type { Db } from '../db/db.ts';
import type { PrivateCameraConnectionRepository } from './private-camera-connection-repository.ts';
import type { RecorderCredentialsBox } from './recorder-credentials-box.ts';

export type RetainedPublish = (topic: string, payload: Buffer, qos: 0 | 1, retain: boolean) => Promise<void>;

/**
 * Hands each collector the whole list of recorders it checks, as one retained message on its own
 * `collectorTargets` topic (only that station may read it: it carries the owners' credentials).
 * The whole list every time: a collector that was offline picks up the latest on reconnect.
 */
export class CollectorTargetsPublisher {
  constructor(
    private readonly db: Db,
    private readonly repo: PrivateCameraConnectionRepository,
    private readonly box: RecorderCredentialsBox,
    private readonly publish: RetainedPublish | null,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async publishFor(collectorStationId: string): Promise<number> {
    const rows = await this.repo.targets(this.db, collectorStationId);
    const targets: CollectorTarget[] = [];
    for (const r of rows) {
      const creds = r.credentials_enc ? await this.box.open(r.credentials_enc) : { username: null, password: null };
      targets.push({ cameraId: privateCameraTargetId(r.private_camera_id), rtspUrl: r.rtsp_url, onvifUrl: r.onvif_url, ...creds });
    }
    if (!this.publish) {
      this.log.warn({ collectorStationId }, 'no MQTT publisher: collector targets not sent');
      return targets.length;
    }
    const spec = TOPICS.collectorTargets;
    await this.publish(
      topicFor('collectorTargets', { stationId: collectorStationId }),
      encodeJson('collectorTargets', { hubTs: this.now(), targets }),
      spec.qos,
      spec.retained,
    );
    this.log.info({ collectorStationId, targets: targets.length }, 'collector targets published');
    return targets.length;
  }

  /** At start: every collector's list again (an embedded broker does not keep retained messages across restarts). */
  async publishAll(): Promise<void> {
    for (const id of await this.repo.collectors(this.db)) await this.publishFor(id);
  }
}
