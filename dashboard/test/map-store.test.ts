import { CAMERA_MAP_STATUSES, type MapPayload } from '@camwatch/config';
import { describe, expect, it } from 'vitest';
import { fixtureMapPayload } from '../dev/fixture-fleet.ts';
import { MapStore } from '../src/map/map-store.ts';
import { StationIndex, isCluster, statusOfSeverity } from '../src/map/station-index.ts';

/** Two stations: S1 (online, cameras ok + degraded), S2 (online, one ok camera). */
function tiny(): MapPayload {
  return {
    generatedAt: 0,
    units: { id: ['U1'], name: ['Mỹ Lộc'] },
    stations: {
      id: ['S1', 'S2'],
      name: ['Trạm 1', 'Trạm 2'],
      unit: [0, 0],
      lat: [10.6, 10.61],
      lon: [106.6, 106.61],
      status: [0, 0],
      worstCameraStatus: [1, 0],
      cameraCount: [2, 1],
    },
    cameras: {
      id: ['S2-C1', 'S1-C1', 'S1-C2'],
      station: [1, 0, 0],
      status: [0, 0, 1],
      cause: [-1, -1, 6],
      bearingDeg: [0, 90, 180],
      fovDeg: [90, 90, 90],
      rangeM: [50, 50, 50],
      since: [0, 0, 0],
    },
    roadSigns: { id: [], lat: [], lon: [], road: [], label: [] },
  };
}

describe('MapStore', () => {
  it('indexes cameras by station whatever their order in the payload', () => {
    const store = new MapStore(tiny());
    const camerasOf = (i: number) =>
      [...store.camList.slice(store.camStart[i], store.camStart[i + 1])].map((j) => store.data.cameras.id[j]);
    expect(camerasOf(0)).toEqual(['S1-C1', 'S1-C2']);
    expect(camerasOf(1)).toEqual(['S2-C1']);
    expect(store.markerOf(0)).toBe('degraded');
  });

  it('turns a station red when a live event says one camera is down, and back', () => {
    const store = new MapStore(tiny());
    let notified = 0;
    store.subscribe(() => notified++);
    expect(store.applyCamera({ cameraId: 'S2-C1', stationId: 'S2', status: 'down', cause: 'unreachable', since: 5 })).toBe(true);
    expect(store.markerOf(1)).toBe('down');
    expect(store.downCount[1]).toBe(1);
    expect(store.data.cameras.cause[0]).toBe(0);
    store.applyCamera({ cameraId: 'S2-C1', stationId: 'S2', status: 'ok', cause: null, since: 9 });
    expect(store.markerOf(1)).toBe('ok');
    expect(store.downCount[1]).toBe(0);
    expect(notified).toBe(2);
  });

  it('shows a silent station grey whatever its cameras last said', () => {
    const store = new MapStore(tiny());
    store.applyStation({ stationId: 'S1', status: 'offline', worstCameraStatus: 'degraded', ts: 1 });
    expect(store.markerOf(0)).toBe('unknown');
  });

  it('ignores events for cameras and stations it does not know (outside the scope)', () => {
    const store = new MapStore(tiny());
    expect(store.applyCamera({ cameraId: 'X-C1', stationId: 'X', status: 'down', cause: null, since: null })).toBe(false);
    expect(store.applyStation({ stationId: 'X', status: 'offline', worstCameraStatus: 'unknown', ts: 1 })).toBe(false);
    expect(store.version).toBe(0);
  });
});

describe('StationIndex', () => {
  it('gives each cluster the worst status and the camera count of the stations inside', () => {
    const store = new MapStore(fixtureMapPayload(5000, 3));
    const index = new StationIndex(store, () => undefined);
    const clusters = index.clusters([105, 10, 107.5, 11.5], 8).filter(isCluster);
    expect(clusters.length).toBeGreaterThan(0);
    const totalCameras = clusters.reduce((sum, c) => sum + c.properties.c, 0);
    const singles = index.clusters([105, 10, 107.5, 11.5], 8).filter((f) => !isCluster(f));
    expect(totalCameras + singles.reduce((sum, f) => sum + store.data.stations.cameraCount[(f.properties as { i: number }).i]!, 0)).toBe(
      5000,
    );
    for (const cluster of clusters.slice(0, 20)) {
      const leaves = index['index'].getLeaves(cluster.properties.cluster_id, Infinity);
      const worst = Math.max(...leaves.map((leaf) => store.markerSeverity(leaf.properties.i)));
      expect(cluster.properties.w).toBe(worst);
    }
    index.dispose();
  });

  it('maps severities back to statuses', () => {
    expect(CAMERA_MAP_STATUSES.map((s) => statusOfSeverity(['ok', 'degraded', 'unknown', 'down'].indexOf(s)))).toEqual([
      ...CAMERA_MAP_STATUSES,
    ]);
  });
});
