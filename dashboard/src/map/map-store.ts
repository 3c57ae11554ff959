import { CAMERA_MAP_STATUSES, STATION_LIVENESS, causeCode, type CameraMapStatus } from '@camwatch/config/api';
import { markerStatus, statusSeverity, worstOf } from '@camwatch/config/domain';
import type { LiveCameraStatus, LiveStationStatus, MapPayload } from '@camwatch/config/api';

const DOWN = CAMERA_MAP_STATUSES.indexOf('down');

/**
 * The map's data: the columnar payload of GET /api/map, indexes built once per payload, and
 * live patches applied in place. Nothing here allocates per station on a live event, so a
 * status change costs microseconds even with 100,000 cameras.
 */
export class MapStore {
  readonly stationById = new Map<string, number>();
  private cameraIndex: Map<string, number> | null = null;
  /** Cameras of station i are camList[camStart[i] .. camStart[i+1]). */
  readonly camStart: Int32Array;
  readonly camList: Int32Array;
  /** Down cameras per station (for cluster badges). */
  readonly downCount: Int32Array;
  /** Bumped on every change; layers compare it to decide to redraw. */
  version = 0;
  private listeners = new Set<() => void>();

  constructor(readonly data: MapPayload) {
    const { stations, cameras } = data;
    stations.id.forEach((id, i) => this.stationById.set(id, i));
    const n = stations.id.length;
    this.camStart = new Int32Array(n + 1);
    for (const s of cameras.station) this.camStart[s + 1]! += 1;
    for (let i = 0; i < n; i++) this.camStart[i + 1]! += this.camStart[i]!;
    this.camList = new Int32Array(cameras.id.length);
    const fill = this.camStart.slice(0, n);
    cameras.station.forEach((s, j) => {
      this.camList[fill[s]!++] = j;
    });
    this.downCount = new Int32Array(n);
    for (let i = 0; i < n; i++) this.recount(i);
  }

  /** Camera id → row; built on first use (a live event or a search), not before the first render. */
  get cameraById(): ReadonlyMap<string, number> {
    if (!this.cameraIndex) {
      this.cameraIndex = new Map();
      this.data.cameras.id.forEach((id, j) => this.cameraIndex!.set(id, j));
    }
    return this.cameraIndex;
  }

  get stationCount(): number {
    return this.data.stations.id.length;
  }

  get cameraCount(): number {
    return this.data.cameras.id.length;
  }

  /** What station i's marker shows. */
  markerOf(i: number): CameraMapStatus {
    const { stations } = this.data;
    const liveness = STATION_LIVENESS[stations.status[i] ?? 2] ?? 'never';
    return markerStatus(liveness, CAMERA_MAP_STATUSES[stations.worstCameraStatus[i] ?? 3] ?? 'unknown');
  }

  markerSeverity(i: number): number {
    return statusSeverity(this.markerOf(i));
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  applyCamera(event: LiveCameraStatus): boolean {
    const j = this.cameraById.get(event.cameraId);
    if (j === undefined) return false;
    const { cameras } = this.data;
    cameras.status[j] = CAMERA_MAP_STATUSES.indexOf(event.status);
    cameras.cause[j] = causeCode(event.cause);
    cameras.since[j] = event.since ?? 0;
    const i = cameras.station[j]!;
    this.recount(i);
    this.recomputeWorst(i);
    this.changed();
    return true;
  }

  applyStation(event: LiveStationStatus): boolean {
    const i = this.stationById.get(event.stationId);
    if (i === undefined) return false;
    this.data.stations.status[i] = STATION_LIVENESS.indexOf(event.status);
    this.data.stations.worstCameraStatus[i] = CAMERA_MAP_STATUSES.indexOf(event.worstCameraStatus);
    this.changed();
    return true;
  }

  private recount(i: number): void {
    let down = 0;
    for (let k = this.camStart[i]!; k < this.camStart[i + 1]!; k++) if (this.data.cameras.status[this.camList[k]!] === DOWN) down++;
    this.downCount[i] = down;
  }

  private recomputeWorst(i: number): void {
    const statuses: CameraMapStatus[] = [];
    for (let k = this.camStart[i]!; k < this.camStart[i + 1]!; k++)
      statuses.push(CAMERA_MAP_STATUSES[this.data.cameras.status[this.camList[k]!]!] ?? 'unknown');
    this.data.stations.worstCameraStatus[i] = CAMERA_MAP_STATUSES.indexOf(worstOf(statuses));
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
