import { DATA_KINDS, type DataKind } from '@camwatch/config';
import type { StationOutbox } from '@camwatch/edge-agent';

export type KindCounts = Record<DataKind, number>;

const zero = (): KindCounts => Object.fromEntries(DATA_KINDS.map((k) => [k, 0])) as KindCounts;

/**
 * Counts every data message the agent cores produce (committed to their outbox), per station and
 * kind, so a fault test can check that each produced sample reached the broker exactly once.
 */
export class ProductionCounter {
  private readonly byStation = new Map<string, KindCounts>();

  /** Wraps `outbox.append` once so each committed record is counted; returns the same outbox. */
  watch(outbox: StationOutbox): StationOutbox {
    const counts = this.countsOf(outbox.stationId);
    const append = outbox.append.bind(outbox);
    outbox.append = ((kind, fields, ts, jpeg) => {
      const record = append(kind, fields, ts, jpeg);
      counts[kind]++;
      return record;
    }) as StationOutbox['append'];
    return outbox;
  }

  station(stationId: string): KindCounts {
    return { ...this.countsOf(stationId) };
  }

  total(): KindCounts {
    const sum = zero();
    for (const counts of this.byStation.values()) for (const k of DATA_KINDS) sum[k] += counts[k];
    return sum;
  }

  all(): Record<string, KindCounts> {
    return Object.fromEntries([...this.byStation].map(([id, c]) => [id, { ...c }]));
  }

  private countsOf(stationId: string): KindCounts {
    let counts = this.byStation.get(stationId);
    if (!counts) {
      counts = zero();
      this.byStation.set(stationId, counts);
    }
    return counts;
  }
}
