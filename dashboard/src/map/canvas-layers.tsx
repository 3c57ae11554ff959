import { useEffect, useRef } from 'react';
import { useMap } from 'react-leaflet';
import { claimBootLayer } from './map-boot.ts';
import type { MapStore } from './map-store.ts';
import { StationLayer, type StationLayerOptions } from './station-layer.ts';

/** Mounts the canvas station layer on the react-leaflet map; one layer per store (the boot map's, when this is the boot map). */
export function StationCanvas({ store, selected, options }: { store: MapStore; selected: number; options: StationLayerOptions }) {
  const map = useMap();
  const layerRef = useRef<StationLayer | null>(null);
  useEffect(() => {
    const layer = claimBootLayer(map, store) ?? new StationLayer(store, options).addTo(map);
    layerRef.current = layer;
    return () => {
      layer.remove();
      layer.dispose();
      layerRef.current = null;
    };
    // Options are pushed by the effect below; rebuilding the index for them would be wasted.
  }, [map, store]);
  useEffect(() => layerRef.current?.setOptions(options), [options]);
  useEffect(() => layerRef.current?.select(selected), [selected, store]);
  return null;
}
