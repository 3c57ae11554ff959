import type { GeoFeature, GeoFeatureCollection, UnitSummary } from '@camwatch/config/api/dashboard-units';
import type L from 'leaflet';
import { useEffect, useMemo, useRef } from 'react';
import { GeoJSON, Pane } from 'react-leaflet';
import type { Shading } from './choropleth.ts';

interface Props {
  shapes: GeoFeatureCollection;
  units: UnitSummary[];
  shading: Shading | null;
  describe(unitId: string, name: string): string;
}

/** Units that are nobody's parent (communes, wards, townships) get the fill; their parents only a thicker outline. */
export function leafUnitIds(features: GeoFeature[], units: UnitSummary[]): Set<string> {
  const parents = new Set<string>();
  for (const u of units) if (u.parentId) parents.add(u.parentId);
  for (const f of features) if (typeof f.properties.parentId === 'string') parents.add(f.properties.parentId);
  return new Set(features.map((f) => String(f.properties.id ?? '')).filter((id) => !parents.has(id)));
}

/** Unit outlines (always, even with no tiles) and the coverage or uptime shading of communes. */
export function UnitShapesLayer({ shapes, units, shading, describe }: Props) {
  const ref = useRef<L.GeoJSON | null>(null);
  const leaves = useMemo(() => leafUnitIds(shapes.features, units), [shapes, units]);

  useEffect(() => {
    const layer = ref.current;
    if (!layer) return;
    layer.eachLayer((child) => {
      const feature = (child as L.Path & { feature?: GeoFeature }).feature;
      if (!feature) return;
      const id = String(feature.properties.id ?? '');
      const leaf = leaves.has(id);
      (child as L.Path).setStyle({
        color: leaf ? '#4a4a4a' : '#17324d',
        weight: leaf ? 1 : 2.5,
        opacity: 0.8,
        fill: leaf,
        fillColor: leaf && shading ? shading.scale.colourOf(shading.valueOf(id)) : '#ffffff',
        fillOpacity: leaf && shading ? 0.55 : 0.05,
      });
      const name = String(feature.properties.name ?? id);
      child.unbindTooltip();
      if (leaf) child.bindTooltip(describe(id, name), { sticky: true, direction: 'top', className: 'unit-tooltip' });
    });
  }, [shading, leaves, describe]);

  return (
    <Pane name="cw-units" style={{ zIndex: 350 }}>
      <GeoJSON ref={ref} data={shapes as unknown as GeoJSON.FeatureCollection} interactive bubblingMouseEvents />
    </Pane>
  );
}
