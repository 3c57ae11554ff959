import type { Camera, Inventory } from '@camwatch/config';
import { staticCameraTarget } from '@camwatch/edge-agent';
import type { CameraTarget } from '@camwatch/edge-agent';
import { generateFleet } from '../fleet/generate-fleet.ts';
import type { SimStation } from './station-runner.ts';

/** Which part of the fleet one simulator process runs: station i belongs to shard i mod count. */
export interface Shard {
  index: number;
  count: number;
}

/** The fleet to simulate: a given inventory, or the Long An model scaled to `cameras` (default 1,696). */
export function resolveInventory(source: { inventory?: Inventory; cameras?: number; seed: number }): Inventory {
  if (source.inventory) return source.inventory;
  return generateFleet({ seed: source.seed, ...(source.cameras !== undefined ? { cameras: source.cameras } : {}) }).inventory;
}

/** Inventory cameras carry no credentials: simulated stations connect to their cameras without. */
function targetOf(camera: Camera): CameraTarget {
  return staticCameraTarget({
    cameraId: camera.id,
    make: camera.make,
    model: camera.model,
    rtspUrl: camera.rtspUrl,
    onvifUrl: camera.onvifUrl,
  });
}

/** Stations of `inventory` with their cameras, in inventory order, restricted to `shard`. */
export function simStations(inventory: Inventory, shard: Shard = { index: 0, count: 1 }): SimStation[] {
  if (
    !Number.isInteger(shard.count) ||
    shard.count < 1 ||
    !Number.isInteger(shard.index) ||
    shard.index < 0 ||
    shard.index >= shard.count
  ) {
    throw new RangeError(`invalid shard ${shard.index}/${shard.count}`);
  }
  const byStation = new Map<string, Camera[]>();
  for (const camera of inventory.cameras) {
    const list = byStation.get(camera.stationId);
    if (list) list.push(camera);
    else byStation.set(camera.stationId, [camera]);
  }
  return inventory.stations
    .filter((_, i) => i % shard.count === shard.index)
    .map((station) => {
      const cameras = byStation.get(station.id) ?? [];
      return { station, cameras, targets: cameras.map(targetOf) };
    });
}
