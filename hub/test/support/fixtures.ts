import { INVENTORY_VERSION, type Inventory, type PayloadOf } from '@camwatch/config';

/** A tiny province: one district, two communes, three stations, five cameras. */
export function smallInventory(): Inventory {
  return {
    version: INVENTORY_VERSION,
    province: 'Long An',
    units: [
      { id: 'LA', name: 'Tỉnh Long An', kind: 'province', parentId: null },
      { id: 'LA-BL', name: 'Huyện Bến Lức', kind: 'district', parentId: 'LA' },
      { id: 'LA-BL-PL', name: 'Xã Phước Lợi', kind: 'commune', parentId: 'LA-BL' },
      { id: 'LA-BL-TT', name: 'Thị trấn Bến Lức', kind: 'township', parentId: 'LA-BL' },
    ],
    stations: [station('ST-1', 'LA-BL-PL'), station('ST-2', 'LA-BL-PL'), station('ST-3', 'LA-BL-TT')],
    cameras: [
      camera('ST-1-C1', 'ST-1'),
      camera('ST-1-C2', 'ST-1'),
      camera('ST-2-C1', 'ST-2'),
      camera('ST-2-C2', 'ST-2'),
      camera('ST-3-C1', 'ST-3'),
    ],
    roadSigns: [{ id: 'RS-1', unitId: 'LA-BL-PL', lat: 10.63, lon: 106.48, road: 'QL1', label: 'Đoạn đường có camera giám sát' }],
  };
}

function station(id: string, unitId: string): Inventory['stations'][number] {
  return {
    id,
    name: `Trạm ${id}`,
    unitId,
    address: 'Ấp 1',
    lat: 10.6,
    lon: 106.5,
    road: 'QL1',
    installedAt: '2023-05-01',
    funding: 'community',
  };
}

function camera(id: string, stationId: string): Inventory['cameras'][number] {
  return { id, stationId, make: 'Hikvision', model: 'DS-2CD1023G0E-I', bearingDeg: 90, fovDeg: 100, rangeM: 40 };
}

let boots = 0;

/**
 * Builds station messages with a running sequence per (station, boot). Each script is a boot of
 * its own unless given one: a (station, boot, seq) is one message, stored once (migration 111).
 */
export class StationScript {
  seq = 0;
  constructor(
    readonly stationId: string,
    readonly bootId = `boot-${stationId}-${String(++boots).padStart(4, '0')}`,
  ) {}

  health(ts: number, replay = false): PayloadOf<'health'> {
    return {
      stationId: this.stationId,
      bootId: this.bootId,
      seq: ++this.seq,
      ts,
      replay,
      cpuPct: 12.5,
      load1: 0.3,
      memUsedPct: 40,
      diskUsedPct: 20,
      tempC: 48,
      uptimeS: 3600,
      uplinkLatencyMs: 80,
      bytesSentToday: 1000,
      clockOffsetMs: 5,
      outboxPending: 0,
      outboxDropped: 0,
    };
  }

  status(
    cameraId: string,
    ts: number,
    status: PayloadOf<'cameraStatus'>['status'],
    cause: PayloadOf<'cameraStatus'>['cause'] = null,
    replay = false,
  ): PayloadOf<'cameraStatus'> {
    return {
      stationId: this.stationId,
      bootId: this.bootId,
      seq: ++this.seq,
      ts,
      replay,
      cameraId,
      status,
      cause,
      detail: '',
      stream: null,
      picture: null,
      checkMs: 120,
    };
  }

  state(state: 'online' | 'offline', ts: number, connectionId = 1): PayloadOf<'state'> {
    return { stationId: this.stationId, bootId: this.bootId, state, ts, connectionId };
  }

  birth(ts: number, startedAt = ts): PayloadOf<'birth'> {
    return {
      stationId: this.stationId,
      bootId: this.bootId,
      seq: ++this.seq,
      ts,
      replay: false,
      agentVersion: '0.1.0',
      configHash: 'c0ffee',
      startedAt,
      intervals: { healthMs: 60_000, probeMs: 60_000, snapshotMs: 900_000 },
      cameras: [],
    };
  }

  snapshotMeta(cameraId: string, ts: number, trigger: PayloadOf<'snapshot'>['trigger'] = 'scheduled'): PayloadOf<'snapshot'> {
    return {
      stationId: this.stationId,
      bootId: this.bootId,
      seq: ++this.seq,
      ts,
      replay: false,
      cameraId,
      width: 640,
      height: 360,
      trigger,
    };
  }
}

/** A minimal valid JPEG-looking buffer (SOI marker + distinct bytes). */
export function fakeJpeg(n: number): Buffer {
  const b = Buffer.alloc(64, n & 0xff);
  b[0] = 0xff;
  b[1] = 0xd8;
  b.writeUInt32BE(n, 4);
  return b;
}
