import type { GeoFeatureCollection } from '@camwatch/config/api/dashboard-units';
import { GeoJSON, Pane } from 'react-leaflet';

/** National roads (QL…) drawn wider than provincial and local ones, so the map reads without tiles. */
function roadStyle(feature: GeoJSON.Feature | undefined) {
  const ref = String(feature?.properties?.ref ?? feature?.properties?.name ?? '');
  const major = /^(QL|CT|AH)/i.test(ref) || ref === 'N2';
  return { color: major ? '#c0843d' : '#a89a86', weight: major ? 3 : 1.5, opacity: 0.9, interactive: false };
}

export function RoadsLayer({ roads }: { roads: GeoFeatureCollection }) {
  return (
    <Pane name="cw-roads" style={{ zIndex: 360 }}>
      <GeoJSON data={roads as unknown as GeoJSON.FeatureCollection} style={roadStyle} interactive={false} />
    </Pane>
  );
}
