import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { CircleMarker, MapContainer, Polyline, TileLayer, useMapEvents } from 'react-leaflet';
import { useSession } from '../app/session-context.tsx';

export interface PickedPoint {
  lat: number;
  lon: number;
}

const PROVINCE_FALLBACK = L.latLng(10.7, 106.2);

function ClickToPick({ onPick }: { onPick: (p: PickedPoint) => void }) {
  useMapEvents({ click: (e) => onPick({ lat: e.latlng.lat, lon: e.latlng.lng }) });
  return null;
}

/**
 * A small map to pick the spot: each click adds a point (one point, or a route). The typed
 * coordinates stay the source of truth, so the map is a help, never the only way in (keyboard
 * and screen-reader users type them).
 */
export function PointPicker({ points, onPick, label }: { points: PickedPoint[]; onPick: (p: PickedPoint) => void; label: string }) {
  const { config } = useSession();
  const first = points[0];
  return (
    <div className="point-picker" role="group" aria-label={label} data-testid="inv-map">
      <MapContainer center={first ? L.latLng(first.lat, first.lon) : PROVINCE_FALLBACK} zoom={first ? 16 : 9} keyboard={false}>
        {config?.tileUrl ? <TileLayer url={config.tileUrl} attribution={config.tileAttribution} /> : null}
        <ClickToPick onPick={onPick} />
        {points.length > 1 ? <Polyline positions={points.map((p) => [p.lat, p.lon] as [number, number])} /> : null}
        {points.map((p, i) => (
          <CircleMarker key={i} center={[p.lat, p.lon]} radius={6} />
        ))}
      </MapContainer>
    </div>
  );
}
