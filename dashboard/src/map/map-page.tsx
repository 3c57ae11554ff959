import L from 'leaflet';
import { useCallback, useMemo, useState } from 'react';
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
import { MapSummary } from './map-summary.tsx';
import { StationSearch } from './station-search.tsx';
import { RoadsLayer, UnitShapesLayer } from './geo-layers.tsx';

let savedLayers: LayerToggles = { units: true, roads: true, signs: true, fov: true };
let savedMode: ShadingMode = 'density';

export function MapPage({ stationId }: { stationId: string | null }) {
  const { t, lang } = useI18n();
  const { config } = useSession();
  const me = useMe();
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
  const shading = useMemo(
    () =>
      store && unitShapes && unitShapes.features.length > 0 && mode !== 'none'
        ? buildShading(mode, unitShapes.features, store, units)
        : null,
    [store, unitShapes, units, mode],
  );
  const describe = useCallback(
    (unitId: string, name: string) => {
      if (!shading) return name;
      const value = shading.valueOf(unitId);
      const text =
        value === null
          ? t('legend.noData')
          : mode === 'uptime'
            ? formatPercent(lang, value)
            : mode === 'count'
              ? formatInteger(lang, value)
              : formatDecimal(lang, value);
      return `${name}: ${text}`;
    },
    [shading, mode, lang, t],
  );
  const onSelectStation = useCallback((i: number) => store && navigate({ name: 'map', stationId: store.data.stations.id[i]! }), [store]);
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
          <StationCanvas store={store} selected={selected} options={layerOptions} />
        </LeafletMap>
        <div className="map-top">
          <StationSearch store={store} onPick={onSelectStation} />
          <MapSummary store={store} />
        </div>
        <MapControls layers={layers} onLayers={setLayers} mode={mode} onMode={setMode} shading={layers.units ? shading : null} />
      </div>
      {stationId ? <StationPanel stationId={stationId} onClose={() => navigate({ name: 'map', stationId: null })} /> : null}
    </div>
  );
}
