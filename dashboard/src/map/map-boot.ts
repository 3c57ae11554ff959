import type { MapPayload } from '@camwatch/config/api';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { takeEarlyRequest } from '../api/early-requests.ts';
import { formatInteger } from '../i18n/number-format.ts';
import { storedLanguage } from '../i18n/stored-language.ts';
import { MAP_OPTIONS, PROVINCE_FALLBACK } from './map-options.ts';
import { MapStore } from './map-store.ts';
import { fitScope, scopeBounds } from './scope-bounds.ts';
import { StationLayer } from './station-layer.ts';

/**
 * The first map, before React (issue 16 item 6). The first markers need Leaflet, the station
 * layer and GET /api/map, not React: on a phone on slow 4G React's ≈60 KB (gzip) and its parse
 * were most of the gap to a plain Leaflet page. So the entry draws the stations as soon as its
 * chunk and the early /api/map answer are in, with the same StationLayer the React map uses,
 * and the React map page adopts this map and its layer (leaflet-map.tsx, canvas-layers.tsx)
 * instead of creating its own. Nothing here imports React (dashboard-first-bundle.test.ts).
 */
export interface BootMap {
  readonly map: L.Map;
  readonly container: HTMLElement;
  readonly store: MapStore;
  /** Until the React map takes it over (then null: a later map page builds its own). */
  layer: StationLayer | null;
  /** A pending removal after the React map unmounted (see releaseBootMap). */
  removal?: ReturnType<typeof setTimeout>;
  /** A React map page has taken it in a render (perhaps not yet committed: React's first render runs in a transition). */
  claimed?: boolean;
}

let storePromise: Promise<MapStore | null> | null = null;
let boot: BootMap | null = null;

/** The map's routes (no hash, `#/`, `#/station/…`); on any other page React decides, and no boot map is drawn. */
const onMapRoute = () => /^(#\/?)?$|^#\/station\//.test(window.location.hash);

/**
 * Takes the /api/map answer index.html asked for, builds the store and, on the map's route,
 * draws it. A signed-out visitor's 401 (or any failure) leaves nothing drawn: the React app then
 * shows the login page, or asks again and reports the error on the map page. Settles once the
 * map is drawn, or at once when there is no map to draw first.
 */
export function startMapBoot(): Promise<void> {
  const early = takeEarlyRequest('/api/map');
  if (!early) return Promise.resolve();
  storePromise = early
    .then(async (response) => (response.ok ? new MapStore((await response.json()) as MapPayload) : null))
    .catch((error: unknown) => {
      console.warn('camwatch: early map request failed', error);
      return null;
    });
  if (!onMapRoute()) return Promise.resolve();
  return storePromise.then((store) => {
    if (store && onMapRoute()) drawBootMap(store);
  });
}

/** The store built from the early answer, at most once (a later load must fetch fresh data). */
export function takeBootStore(): Promise<MapStore | null> | null {
  const pending = storePromise;
  storePromise = null;
  return pending;
}

function drawBootMap(store: MapStore): void {
  const container = L.DomUtil.create('div', 'leaflet-host boot-map', document.body);
  // 'ready' once the React map page took it over (leaflet-map.tsx): the map bench tours the whole app, not the boot map.
  container.dataset.app = 'loading';
  try {
    const map = L.map(container, { ...MAP_OPTIONS, attributionControl: false });
    map.setView(PROVINCE_FALLBACK.center, PROVINCE_FALLBACK.zoom);
    const bounds = scopeBounds(store, null, []);
    if (bounds) fitScope(map, bounds);
    const lang = storedLanguage();
    const layer = new StationLayer(store, {
      // Before React a tap still opens the station: the route is what the React app reads first.
      onSelectStation: (i) => (window.location.hash = `#/station/${encodeURIComponent(store.data.stations.id[i]!)}`),
      showFov: true,
      showSigns: true,
      formatCount: (n) => formatInteger(lang, n),
    });
    layer.addTo(map);
    (container as HTMLElement & { leafletMap?: L.Map }).leafletMap = map;
    boot = { map, container, store, layer };
    // Another page opened before React took the map over: the map must not stay over that page.
    window.addEventListener('hashchange', leaveBeforeReact);
  } catch (error) {
    // The React map draws the stations anyway; the boot map only makes them come sooner.
    console.error('camwatch: boot map failed', error);
    container.remove();
    boot = null;
  }
}

/** The boot map, for the React map showing `store` (the same store the boot map drew); null when there is none. */
export function claimBootMap(store: MapStore): BootMap | null {
  if (!boot || boot.store !== store) return null;
  boot.claimed = true;
  // Claimed again between an unmount and its removal (see releaseBootMap): the map stays.
  clearTimeout(boot.removal);
  return boot;
}

function leaveBeforeReact(): void {
  if (!boot || onMapRoute()) return;
  if (!boot.claimed) {
    dropBootMap(boot);
    return;
  }
  // A React map page holds this map in a render it may still commit: removing the map now would
  // leave that page a dead Leaflet map (its first call throws on the removed panes). Only take it
  // off this page; the React map's release removes it, and a later map page can adopt it again.
  window.removeEventListener('hashchange', leaveBeforeReact);
  boot.container.remove();
}

/** Moves the boot map into the React map page's `host` (same size: the shell's map area), where it stays. */
export function attachBootMap(map: BootMap, host: HTMLElement): void {
  window.removeEventListener('hashchange', leaveBeforeReact);
  map.claimed = true;
  clearTimeout(map.removal);
  host.appendChild(map.container);
  map.container.classList.remove('boot-map');
  map.map.invalidateSize({ pan: true, animate: false });
}

/** The boot map's station layer, once, for the React layer of the same map and store. */
export function claimBootLayer(map: L.Map, store: MapStore): StationLayer | null {
  if (!boot || boot.map !== map || boot.store !== store || !boot.layer) return null;
  const layer = boot.layer;
  boot.layer = null;
  return layer;
}

/**
 * The React map unmounted: the map goes with it, as a map React created would. A task later, so
 * that React's development re-mount (StrictMode runs effects twice) can claim it again first.
 */
export function releaseBootMap(map: BootMap): void {
  map.claimed = false;
  map.container.remove();
  map.removal = setTimeout(() => {
    if (!map.claimed) dropBootMap(map);
  });
}

function dropBootMap(map: BootMap): void {
  window.removeEventListener('hashchange', leaveBeforeReact);
  if (boot === map) boot = null;
  map.layer?.remove();
  map.layer?.dispose();
  map.map.remove();
  map.container.remove();
}
