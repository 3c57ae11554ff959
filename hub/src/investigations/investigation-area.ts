import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { INVESTIGATION_SEARCH_RADIUS_M, type GeoFeature, type GeoPoint } from '@camwatch/config';
import type { Scope } from '../auth/scope.ts';
import type { GeoFiles } from '../map/geo-files.ts';
import { boxAround } from './investigation-geometry.ts';
import type { InvestigationRepository } from './investigation-repository.ts';

type AreaFeature = GeoFeature & { geometry: { type: 'Polygon' | 'MultiPolygon' } };

/**
 * Whether a spot lies inside a user's area. With unit outlines (GEO_DIR's units.geojson) the
 * spot must lie inside the outline of a unit in scope that has no smaller outline inside it (a
 * commune, not the district around it: a district's box also holds communes of other districts'
 * users). A hub without outlines places the spot in the unit of the nearest station within
 * 2 km, and refuses a spot with no station that near: better to ask a province user than to
 * guess across a commune border.
 */
export class InvestigationArea {
  constructor(
    private readonly geo: GeoFiles,
    private readonly repo: InvestigationRepository,
  ) {}

  async contains(scope: Scope, point: GeoPoint): Promise<boolean> {
    if (scope.all) return true;
    const outlines = (await this.geo.features('units')).filter(
      (f): f is AreaFeature => typeof f.properties.id === 'string' && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'),
    );
    if (outlines.length > 0) {
      const parents = new Set(outlines.map((f) => f.properties.parentId));
      return outlines.some(
        (f) =>
          !parents.has(f.properties.id) &&
          scope.units.has(f.properties.id as string) &&
          booleanPointInPolygon([point.lon, point.lat], f.geometry),
      );
    }
    const unit = await this.repo.nearestStationUnit(point, boxAround([point], INVESTIGATION_SEARCH_RADIUS_M));
    return unit !== null && scope.units.has(unit);
  }
}
