import L from 'leaflet';

/**
 * The map's construction options and first view, shared by the boot map (map-boot.ts, drawn
 * before React arrives) and the React map (leaflet-map.tsx), so both open the same map.
 */
export const MAP_OPTIONS = { minZoom: 6, maxZoom: 19, zoomControl: true } as const satisfies L.MapOptions;
export const PROVINCE_FALLBACK = { center: L.latLng(10.7, 106.2), zoom: 9 };
/** From this width the legend is open by default (control-room wall screens). */
export const WALL_SCREEN_PX = 1600;
