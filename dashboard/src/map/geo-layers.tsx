import type { GeoFeature, GeoFeatureCollection, UnitSummary } from '@camwatch/config/api';
import L from 'leaflet';
import { useEffect, useMemo } from 'react';
import { useMap } from 'react-leaflet';
import { leafUnitIds, type Shading } from './choropleth.ts';

/** Main roads (QL…, N2; `kind: 'main'` from the fleet generator) wider than local ones, so the map reads without tiles. */
export function roadStyle(feature?: GeoJSON.Feature): L.PathOptions {
  const p = feature?.properties ?? {};
  const code = String(p.code ?? p.ref ?? p.name ?? '');
  const major = p.kind === 'main' || /^(QL|CT|AH|N\d)/i.test(code);
  return { color: major ? '#c0843d' : '#b3a795', weight: major ? 3 : 1, opacity: major ? 0.95 : 0.7 };
}

/**
 * Leaflet clips every path to the view after each move; for a few hundred outlines that is
 * most of the redraw. Drawing them unclipped (the canvas ignores what falls outside) and a
 * little simplified is cheaper.
 */
const CHEAP_PATHS = { noClip: true, smoothFactor: 1.5 } as const;
// Leaflet hands a GeoJSON layer's options on to each path it creates, so `renderer` and the path
// options above work there; @types/leaflet's GeoJSONOptions just does not list them, hence the
// `as L.GeoJSONOptions` below.

const renderers = new WeakMap<L.Map, L.Canvas>();
function geoRenderer(map: L.Map): L.Canvas {
  let renderer = renderers.get(map);
  if (!renderer) {
    if (!map.getPane('cw-geo')) map.createPane('cw-geo').style.zIndex = '350';
    renderer = L.canvas({ padding: 0.1, pane: 'cw-geo' });
    renderers.set(map, renderer);
  }
  return renderer;
}

interface UnitProps {
  shapes: GeoFeatureCollection;
  units: UnitSummary[];
  shading: Shading | null;
  describe(unitId: string, name: string): string;
}

export function UnitShapesLayer({ shapes, units, shading, describe }: UnitProps) {
  const map = useMap();
  const renderer = geoRenderer(map);
  const leaves = useMemo(() => leafUnitIds(shapes.features, units), [shapes, units]);
  const layer = useMemo(() => L.geoJSON(shapes, { renderer, pane: 'cw-geo', ...CHEAP_PATHS } as L.GeoJSONOptions), [shapes, renderer]);

  useEffect(() => {
    layer.addTo(map);
    return () => {
      layer.remove();
    };
  }, [map, layer]);

  useEffect(() => {
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
      child.unbindTooltip();
      if (leaf)
        child.bindTooltip(describe(id, String(feature.properties.name ?? id)), {
          sticky: true,
          direction: 'top',
          className: 'unit-tooltip',
        });
    });
  }, [layer, shading, leaves, describe]);
  return null;
}

export function RoadsLayer({ roads }: { roads: GeoFeatureCollection }) {
  const map = useMap();
  const renderer = geoRenderer(map);
  useEffect(() => {
    const layer = L.geoJSON(roads, {
      renderer,
      pane: 'cw-geo',
      style: (f) => ({ ...roadStyle(f), ...CHEAP_PATHS }),
      interactive: false,
    } as L.GeoJSONOptions).addTo(map);
    return () => {
      layer.remove();
    };
  }, [map, roads, renderer]);
  return null;
}
