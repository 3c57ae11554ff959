import type { GeoFeatureCollection } from '@camwatch/config/api';
import L from 'leaflet';
import type { MapStore } from './map-store.ts';
import { WALL_SCREEN_PX } from './map-options.ts';

/** The user's area: their units' outlines when loaded, else the box around the stations they may see. */
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

/** Fits the map to `bounds`, leaving room for the search bar on top and, on wall screens, the open legend on the right. */
export function fitScope(map: L.Map, bounds: L.LatLngBounds): void {
  const legendOpen = window.innerWidth >= WALL_SCREEN_PX;
  map.fitBounds(bounds, { paddingTopLeft: [16, 64], paddingBottomRight: [legendOpen ? 320 : 16, 16], animate: false });
}
