import { connect, type MqttClient } from 'mqtt';
import { parseTopic, stationPublishFilter } from '@camwatch/config';
import { PUBLISH_OVERHEAD, type HealthReading, type KindStats } from './agent-traffic-model.ts';

/** What the hub side saw of one station: message sizes by kind, every health reading, first snapshot of each camera. */
export class StationTraffic {
  readonly sizes: Record<string, KindStats> = {};
  readonly healths: HealthReading[] = [];
  readonly firstSnapshotAt = new Map<string, number>();
  wireBytes = 0;
  badHealth = 0;
  /** The snapshot mode the agent's budget reported in its last health message. */
  lastSnapshotMode: string | null = null;

  record(kind: string, cameraId: string | null, topic: string, payload: Buffer, at: number): void {
    const wire = payload.length + Buffer.byteLength(topic) + PUBLISH_OVERHEAD;
    if (kind === 'health') {
      const health = JSON.parse(payload.toString()) as { bytesSentToday?: unknown; snapshotMode?: unknown };
      if (typeof health.snapshotMode === 'string') this.lastSnapshotMode = health.snapshotMode;
      const v = health.bytesSentToday;
      if (typeof v === 'number') this.healths.push({ at, bytesSentToday: v, wireBefore: this.wireBytes });
      else this.badHealth++;
    }
    if (kind === 'snapshot' && cameraId && !this.firstSnapshotAt.has(cameraId)) this.firstSnapshotAt.set(cameraId, at);
    const s = (this.sizes[kind] ??= { count: 0, avgWireBytes: 0 });
    s.avgWireBytes = (s.avgWireBytes * s.count + wire) / (s.count + 1);
    s.count++;
    this.wireBytes += wire;
  }

  /** The first health message once start-up is over: `afterMs` passed and every camera's first snapshot arrived. */
  steadyStart(startedAt: number, afterMs: number, cameras: number): HealthReading | null {
    if (this.firstSnapshotAt.size < cameras) return null;
    const lastFirst = Math.max(...this.firstSnapshotAt.values());
    return this.healths.find((h) => h.at >= startedAt + afterMs && h.at > lastFirst) ?? null;
  }
}

/** Subscribes as the hub would to the stations' data and sorts it per station. */
export async function tapStations(
  brokerUrl: string,
  stationIds: string[],
): Promise<{ traffic: Map<string, StationTraffic>; client: MqttClient }> {
  const traffic = new Map(stationIds.map((id) => [id, new StationTraffic()]));
  const client = connect(brokerUrl, { clientId: 'bench-hub', clean: true, protocolVersion: 4 });
  client.on('message', (topic, payload) => {
    const parsed = parseTopic(topic);
    const station = parsed?.stationId ? traffic.get(parsed.stationId) : undefined;
    station?.record(parsed!.kind, parsed!.cameraId, topic, payload, Date.now());
  });
  await new Promise<void>((resolve, reject) => client.once('connect', () => resolve()).once('error', reject));
  for (const id of stationIds) await client.subscribeAsync(stationPublishFilter(id), { qos: 1 });
  return { traffic, client };
}
