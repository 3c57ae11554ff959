import { describe, expect, it } from 'vitest';
import { CAMERA_MAP_STATUSES, STATION_LIVENESS, repairGroup, repairGroupOfItem } from '../src/index.ts';

describe('repairGroup: one definition of "needs repair" for the summary bar and the repair page', () => {
  it('counts a down camera of a live station as a camera to repair, and nothing else as one', () => {
    for (const station of STATION_LIVENESS)
      for (const camera of CAMERA_MAP_STATUSES) {
        const group = repairGroup(station, camera);
        if (station === 'offline') expect(group, `${station}/${camera}`).toBe('station');
        else if (station === 'online' && camera === 'down') expect(group).toBe('camera');
        else expect(group, `${station}/${camera}`).toBeNull();
      }
  });

  it('reads the repair queue the same way: unknown = the station is dark, down = a broken camera', () => {
    expect(repairGroupOfItem({ status: 'unknown' })).toBe('station');
    expect(repairGroupOfItem({ status: 'down' })).toBe('camera');
    expect(repairGroupOfItem({ status: 'ok' })).toBeNull();
  });
});
