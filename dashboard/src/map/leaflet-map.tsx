import type { GeoFeatureCollection, UnitSummary } from '@camwatch/config/api';
import { LeafletContext, createLeafletContext } from '@react-leaflet/core';
import type L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { AttributionControl, MapContainer, TileLayer, useMap } from 'react-leaflet';
import { attachBootMap, claimBootMap, releaseBootMap, type BootMap } from './map-boot.ts';
import { MAP_OPTIONS, PROVINCE_FALLBACK } from './map-options.ts';
import type { MapStore } from './map-store.ts';
import { fitScope, scopeBounds } from './scope-bounds.ts';

/** Where the map was when the user left it, so coming back from a list keeps the view. */
let savedView: { center: L.LatLng; zoom: number } | null = null;

/** Opens on the user's area (commune user: their commune; province staff: the province) unless a view was saved. */
function FitScope({
  store,
  shapes,
  scopeIds,
  focus,
  fittedBefore,
}: {
  store: MapStore;
  shapes: GeoFeatureCollection | null;
  scopeIds: string[];
  focus: L.LatLng | null;
  /** The boot map was fitted already. */
  fittedBefore: boolean;
}) {
  const map = useMap();
  const fitted = useRef(savedView !== null || fittedBefore);
  useEffect(() => {
    if (fitted.current || focus) return;
    const bounds = scopeBounds(store, shapes, scopeIds);
    if (!bounds) return;
    fitted.current = true;
    fitScope(map, bounds);
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
    // The React map page is on it (for the boot map: has adopted it); the map bench waits for this before its tour.
    container.dataset.app = 'ready';
    performance.mark('camwatch:app-ready');
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

/**
 * The map the boot module drew before React (map-boot.ts), moved into this page and given to
 * react-leaflet's children as if MapContainer had created it.
 */
function AdoptedMap({ boot, children }: { boot: BootMap; children: ReactNode }) {
  const host = useRef<HTMLDivElement>(null);
  const [context] = useState(() => createLeafletContext(boot.map));
  // Before the children's effects (they add layers and read the map's size).
  useLayoutEffect(() => {
    attachBootMap(boot, host.current!);
    return () => releaseBootMap(boot);
  }, [boot]);
  return (
    <div ref={host} className="leaflet-slot">
      <LeafletContext value={context}>{children}</LeafletContext>
    </div>
  );
}

export function LeafletMap({ store, tileUrl, tileAttribution, shapes, scopeIds, focus, children }: Props) {
  // Claimed once per mount: a later visit to the map builds its own (the boot map is gone by then).
  const [boot] = useState(() => claimBootMap(store));
  const content = (
    <>
      {tileUrl ? <TileLayer url={tileUrl} attribution={tileAttribution} maxZoom={19} /> : null}
      <FitScope store={store} shapes={shapes} scopeIds={scopeIds} focus={focus} fittedBefore={boot !== null} />
      <ContainerBridge />
      {children}
    </>
  );
  if (boot)
    return (
      <AdoptedMap boot={boot}>
        {tileUrl ? <AttributionControl /> : null}
        {content}
      </AdoptedMap>
    );
  return (
    <MapContainer
      className="leaflet-host"
      center={savedView?.center ?? PROVINCE_FALLBACK.center}
      zoom={savedView?.zoom ?? PROVINCE_FALLBACK.zoom}
      {...MAP_OPTIONS}
      attributionControl={Boolean(tileUrl)}
    >
      {content}
    </MapContainer>
  );
}
