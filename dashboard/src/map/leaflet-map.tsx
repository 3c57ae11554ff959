import type { GeoFeatureCollection, UnitSummary } from '@camwatch/config/api';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, type ReactNode } from 'react';
import { MapContainer, TileLayer, useMap } from 'react-leaflet';
import { WALL_SCREEN_PX } from './map-controls.tsx';
import type { MapStore } from './map-store.ts';

/** Where the map was when the user left it, so coming back from a list keeps the view. */
let savedView: { center: L.LatLng; zoom: number } | null = null;
const PROVINCE_FALLBACK = { center: L.latLng(10.7, 106.2), zoom: 9 };

export function scopeBounds(store: MapStore, shapes: GeoFeatureCollection | null, scopeIds: string[]): L.LatLngBounds | null {
  if (shapes && shapes.features.length > 0) {
    const mine = shapes.features.filter((f) => scopeIds.includes(String(f.properties.id)));
    const bounds = L.geoJSON({
      type: 'FeatureCollection',
      features: mine.length > 0 ? mine : shapes.features,
    } as GeoJSON.FeatureCollection).getBounds();
    if (bounds.isValid()) return bounds;
  }
  const { lat, lon } = store.data.stations;
  if (lat.length === 0) return null;
  let s = 90,
    w = 180,
    n = -90,
    e = -180;
  for (let i = 0; i < lat.length; i++) {
    s = Math.min(s, lat[i]!);
    n = Math.max(n, lat[i]!);
    w = Math.min(w, lon[i]!);
    e = Math.max(e, lon[i]!);
  }
  return L.latLngBounds([s, w], [n, e]);
}

/** Opens on the user's area (commune user: their commune; province staff: the province) unless a view was saved. */
function FitScope({
  store,
  shapes,
  scopeIds,
  focus,
}: {
  store: MapStore;
  shapes: GeoFeatureCollection | null;
  scopeIds: string[];
  focus: L.LatLng | null;
}) {
  const map = useMap();
  const fitted = useRef(savedView !== null);
  useEffect(() => {
    if (fitted.current || focus) return;
    const bounds = scopeBounds(store, shapes, scopeIds);
    if (!bounds) return;
    fitted.current = true;
    // Leave room for the search bar on top and, on wall screens, the open legend on the right.
    const legendOpen = window.innerWidth >= WALL_SCREEN_PX;
    map.fitBounds(bounds, { paddingTopLeft: [16, 64], paddingBottomRight: [legendOpen ? 320 : 16, 16], animate: false });
  }, [map, store, shapes, scopeIds, focus]);
  useEffect(() => {
    if (focus && !map.getBounds().pad(-0.2).contains(focus)) map.setView(focus, Math.max(map.getZoom(), 16), { animate: false });
    else if (focus && map.getZoom() < 14) map.setView(focus, 16, { animate: false });
  }, [map, focus]);
  useEffect(() => {
    const save = () => {
      savedView = { center: map.getCenter(), zoom: map.getZoom() };
    };
    map.on('moveend', save);
    return () => {
      map.off('moveend', save);
    };
  }, [map]);
  return null;
}

/**
 * Keeps Leaflet's size in step with its box (the station panel opening, phone rotation), and
 * exposes the map on its container element for the benchmark and browser tests.
 */
function ContainerBridge() {
  const map = useMap();
  useEffect(() => {
    const container = map.getContainer() as HTMLElement & { leafletMap?: L.Map };
    container.leafletMap = map;
    // Keep the centre in the centre (the selected station stays in view when its panel opens).
    const observer = new ResizeObserver(() => map.invalidateSize({ pan: true, animate: false }));
    observer.observe(container);
    return () => observer.disconnect();
  }, [map]);
  return null;
}

interface Props {
  store: MapStore;
  tileUrl: string | null;
  tileAttribution: string;
  shapes: GeoFeatureCollection | null;
  units: UnitSummary[];
  scopeIds: string[];
  focus: L.LatLng | null;
  children: ReactNode;
}

export function LeafletMap({ store, tileUrl, tileAttribution, shapes, scopeIds, focus, children }: Props) {
  return (
    <MapContainer
      className="leaflet-host"
      center={savedView?.center ?? PROVINCE_FALLBACK.center}
      zoom={savedView?.zoom ?? PROVINCE_FALLBACK.zoom}
      minZoom={6}
      maxZoom={19}
      zoomControl
      attributionControl={Boolean(tileUrl)}
    >
      {tileUrl ? <TileLayer url={tileUrl} attribution={tileAttribution} maxZoom={19} /> : null}
      <FitScope store={store} shapes={shapes} scopeIds={scopeIds} focus={focus} />
      <ContainerBridge />
      {children}
    </MapContainer>
  );
}
