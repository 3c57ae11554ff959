import { viewCovers, type CameraView, type GeoPoint } from '@camwatch/config';

const M_PER_DEG_LAT = 110_574;

/**
 * Camera views bucketed in a square grid so a point is tested only against the views whose
 * range reaches its cell: with 25,000 views and tens of thousands of road stretches, the
 * every-view-against-every-stretch loop is what makes a province recompute slow.
 */
export class ViewGrid<V extends CameraView> {
  private readonly cells = new Map<string, V[]>();
  private readonly cellDegLat: number;
  private readonly cellDegLon: number;

  constructor(views: readonly V[], cellM = 250, refLat = views[0]?.lat ?? 0) {
    this.cellDegLat = cellM / M_PER_DEG_LAT;
    this.cellDegLon = cellM / (111_320 * Math.cos((refLat * Math.PI) / 180));
    for (const v of views) {
      // Every cell the view's range circle may touch (its bounding box, one cell of slack for
      // the longitude scale varying with latitude across the province).
      const dLat = v.rangeM / M_PER_DEG_LAT;
      const dLon = v.rangeM / (111_320 * Math.cos((v.lat * Math.PI) / 180));
      const [r0, c0] = this.cellOf({ lat: v.lat - dLat, lon: v.lon - dLon });
      const [r1, c1] = this.cellOf({ lat: v.lat + dLat, lon: v.lon + dLon });
      for (let r = r0 - 1; r <= r1 + 1; r++)
        for (let c = c0 - 1; c <= c1 + 1; c++) {
          const key = `${r}:${c}`;
          const list = this.cells.get(key);
          if (list) list.push(v);
          else this.cells.set(key, [v]);
        }
    }
  }

  private cellOf(p: GeoPoint): [number, number] {
    return [Math.floor(p.lat / this.cellDegLat), Math.floor(p.lon / this.cellDegLon)];
  }

  /** Views near the point (a superset of those that see it). */
  near(p: GeoPoint): readonly V[] {
    const [r, c] = this.cellOf(p);
    return this.cells.get(`${r}:${c}`) ?? [];
  }

  /** The first view that sees the point and passes `accept`, or undefined. */
  find(p: GeoPoint, accept: (v: V) => boolean = () => true): V | undefined {
    for (const v of this.near(p)) if (accept(v) && viewCovers(v, p)) return v;
    return undefined;
  }
}
