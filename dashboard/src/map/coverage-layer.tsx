import type { CoverageClass, RoadCoverageReport } from '@camwatch/config/api';
import L from 'leaflet';
import { useEffect } from 'react';
import { useMap } from 'react-leaflet';

/** Blue shades for covered, red and dashed for a gap: readable without colour too. */
export const COVERAGE_STYLE: Record<CoverageClass, { color: string; weight: number; opacity: number; dashArray?: string }> = {
  working: { color: '#2166ac', weight: 5, opacity: 0.9 },
  any: { color: '#67a9cf', weight: 5, opacity: 0.9 },
  none: { color: '#b2182b', weight: 4, opacity: 0.9, dashArray: '6 5' },
};

/** Road stretches coloured by coverage (GET /api/coverage/roads), above the plain road layer. */
export function CoverageRoadsLayer({ report }: { report: RoadCoverageReport }) {
  const map = useMap();
  useEffect(() => {
    if (!map.getPane('cw-coverage')) map.createPane('cw-coverage').style.zIndex = '360';
    const renderer = L.canvas({ padding: 0.1, pane: 'cw-coverage' });
    const group = L.layerGroup();
    for (const road of report.roads)
      for (const s of road.stretches)
        L.polyline(
          s.path.map(([lon, lat]) => [lat!, lon!] as L.LatLngTuple),
          { ...COVERAGE_STYLE[s.class], renderer, pane: 'cw-coverage', interactive: false, noClip: true } as L.PolylineOptions,
        ).addTo(group);
    group.addTo(map);
    return () => {
      group.remove();
      // The canvas renderer stays on the map after its paths leave; it goes with them.
      renderer.remove();
    };
  }, [map, report]);
  return null;
}
