import { roleCan, type GeoFeatureCollection, type UnitSummary } from '@camwatch/config/api';
import L from 'leaflet';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useMap } from 'react-leaflet';
import { useFleet } from '../app/fleet-context.tsx';
import { navigate } from '../app/router.ts';
import { useMe, useSession } from '../app/session-context.tsx';
import { formatDecimal, formatInteger, formatPercent } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { StationPanel } from '../station/station-panel.tsx';
import { StationCanvas } from './canvas-layers.tsx';
import { buildShading, type ShadingMode } from './choropleth.ts';
import { LeafletMap } from './leaflet-map.tsx';
import { MapControls, type LayerToggles } from './map-controls.tsx';
import { PrivateCameraLayer } from './private-camera-layer.tsx';
import { MapSummary } from './map-summary.tsx';
import type { MapStore } from './map-store.ts';
import { StationSearch } from './station-search.tsx';
import type { SearchTarget } from './search-index.ts';
import { RoadsLayer, UnitShapesLayer } from './geo-layers.tsx';
import { CoverageRoadsLayer } from './coverage-layer.tsx';
import { api } from '../api/endpoints.ts';
import { useAsync } from '../common/use-async.ts';

// Private cameras start hidden: up to 25,000 more points is a cost a phone should opt into.
let savedLayers: LayerToggles = { units: true, roads: true, signs: true, fov: true, coverage: false, private: false };
let savedMode: ShadingMode = 'density';

export function MapPage({ stationId }: { stationId: string | null }) {
  const { t, lang } = useI18n();
  const { config } = useSession();
  const me = useMe();
  const canPrivate = roleCan(me.role, 'private_camera.read');
  const { store, storeError, units, unitShapes, roads, reload } = useFleet();
  const [layers, setLayersState] = useState(savedLayers);
  const [mode, setModeState] = useState(savedMode);
  const setLayers = (next: LayerToggles) => setLayersState((savedLayers = next));
  const setMode = (next: ShadingMode) => setModeState((savedMode = next));

  const selected = stationId && store ? (store.stationById.get(stationId) ?? -1) : -1;
  const focus = useMemo(
    () => (store && selected >= 0 ? L.latLng(store.data.stations.lat[selected]!, store.data.stations.lon[selected]!) : null),
    [store, selected],
  );
  // Coverage is fetched only once a view needs it: the province's recompute is not free.
  const [roadShares] = useAsync(
    async () => (mode === 'roads' ? new Map((await api.unitRoadCoverage()).map((u) => [u.unitId, u.workingPct])) : null),
    [mode === 'roads'],
  );
  const [coverage] = useAsync(async () => (layers.coverage ? api.roadCoverage() : null), [layers.coverage]);
  const shares = roadShares.kind === 'ready' ? roadShares.value : null;
  const shading = useMemo(
    () =>
      store && unitShapes && unitShapes.features.length > 0 && mode !== 'none'
        ? buildShading(mode, unitShapes.features, store, units, shares)
        : null,
    [store, unitShapes, units, mode, shares],
  );
  const describe = useCallback(
    (unitId: string, name: string) => {
      if (!shading) return name;
      const value = shading.valueOf(unitId);
      const text =
        value === null
          ? t('legend.noData')
          : mode === 'uptime' || mode === 'roads'
            ? formatPercent(lang, value)
            : mode === 'count'
              ? formatInteger(lang, value)
              : formatDecimal(lang, value);
      return `${name}: ${text}`;
    },
    [shading, mode, lang, t],
  );
  const mapRef = useRef<L.Map | null>(null);
  const onSearchPick = useCallback(
    (target: SearchTarget) => {
      if (!store) return;
      if (target.kind === 'station' || target.kind === 'camera') {
        navigate({ name: 'map', stationId: store.data.stations.id[target.kind === 'station' ? target.index : target.station]! });
        return;
      }
      const bounds = target.kind === 'unit' ? unitBounds(target.unitId, units, unitShapes, store) : roadBounds(target.road, roads, store);
      if (bounds && mapRef.current) mapRef.current.fitBounds(bounds, { padding: [24, 24], maxZoom: 16, animate: false });
      // The keyboard stays on the map that now shows the place.
      mapRef.current?.getContainer().focus({ preventScroll: true });
    },
    [store, units, unitShapes, roads],
  );
  const onSelectStation = useCallback((i: number) => store && navigate({ name: 'map', stationId: store.data.stations.id[i]! }), [store]);
  // Closing hands the keyboard back to the map (Leaflet's container is focusable and pans with the arrows), not to the page body.
  const closePanel = useCallback(() => {
    navigate({ name: 'map', stationId: null });
    document.querySelector<HTMLElement>('.leaflet-container')?.focus({ preventScroll: true });
  }, []);
  const layerOptions = useMemo(
    () => ({ onSelectStation, showFov: layers.fov, showSigns: layers.signs, formatCount: (n: number) => formatInteger(lang, n) }),
    [onSelectStation, layers.fov, layers.signs, lang],
  );

  if (storeError) {
    return (
      <div className="page-message" role="alert">
        <p>
          {t('common.error')}: {storeError}
        </p>
        <button type="button" onClick={reload}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (!store) return <p className="page-message">{t('common.loading')}</p>;

  return (
    <div className={`map-page ${stationId ? 'with-panel' : ''}`}>
      <div className="map-area">
        <LeafletMap
          store={store}
          tileUrl={config?.tileUrl ?? null}
          tileAttribution={config?.tileAttribution ?? ''}
          shapes={unitShapes}
          units={units}
          scopeIds={me.unitIds}
          focus={focus}
        >
          {unitShapes && layers.units ? <UnitShapesLayer shapes={unitShapes} units={units} shading={shading} describe={describe} /> : null}
          {roads && layers.roads ? <RoadsLayer roads={roads} /> : null}
          {layers.coverage && coverage.kind === 'ready' && coverage.value ? <CoverageRoadsLayer report={coverage.value} /> : null}
          {canPrivate && layers.private ? <PrivateCameraLayer /> : null}
          <StationCanvas store={store} selected={selected} options={layerOptions} />
          <MapHandle onMap={(map) => (mapRef.current = map)} />
        </LeafletMap>
        <div className="map-top">
          <StationSearch store={store} onPick={onSearchPick} />
          <MapSummary store={store} />
        </div>
        <MapControls
          layers={layers}
          onLayers={setLayers}
          mode={mode}
          onMode={setMode}
          shading={layers.units ? shading : null}
          hidden={canPrivate ? [] : ['private']}
        />
      </div>
      {stationId ? <StationPanel stationId={stationId} onClose={closePanel} /> : null}
    </div>
  );
}

/** Hands the Leaflet map to the page (the search fits the view to a commune or a road). */
function MapHandle({ onMap }: { onMap(map: L.Map): void }) {
  const map = useMap();
  onMap(map);
  return null;
}

/** A commune's outline, a district's communes, or failing shapes, the unit's stations. */
function unitBounds(unitId: string, units: UnitSummary[], shapes: GeoFeatureCollection | null, store: MapStore): L.LatLngBounds | null {
  const ids = new Set([unitId]);
  for (let grew = true; grew;) {
    grew = false;
    for (const u of units)
      if (u.parentId && ids.has(u.parentId) && !ids.has(u.id)) {
        ids.add(u.id);
        grew = true;
      }
  }
  const features = (shapes?.features ?? []).filter((f) => ids.has(String(f.properties.id)));
  if (features.length > 0) {
    const b = L.geoJSON({ type: 'FeatureCollection', features } as GeoJSON.FeatureCollection).getBounds();
    if (b.isValid()) return b;
  }
  const { stations, units: storeUnits } = store.data;
  const points: L.LatLngTuple[] = [];
  for (let i = 0; i < stations.id.length; i++)
    if (ids.has(storeUnits.id[stations.unit[i]!]!)) points.push([stations.lat[i]!, stations.lon[i]!]);
  return points.length > 0 ? L.latLngBounds(points) : null;
}

/** A road's lines from the road layer, and its signs. */
function roadBounds(road: string, roads: GeoFeatureCollection | null, store: MapStore): L.LatLngBounds | null {
  const features = (roads?.features ?? []).filter((f) => (f.properties.ref ?? f.properties.name) === road);
  let bounds = features.length > 0 ? L.geoJSON({ type: 'FeatureCollection', features } as GeoJSON.FeatureCollection).getBounds() : null;
  const signs = store.data.roadSigns;
  for (let k = 0; k < signs.road.length; k++)
    if (signs.road[k] === road)
      bounds = (bounds ?? L.latLngBounds([signs.lat[k]!, signs.lon[k]!], [signs.lat[k]!, signs.lon[k]!])).extend([
        signs.lat[k]!,
        signs.lon[k]!,
      ]);
  return bounds?.isValid() ? bounds : null;
}
