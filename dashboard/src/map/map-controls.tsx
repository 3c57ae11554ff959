import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { MessageKey } from '../i18n/vi.ts';
import { SHADING_MODES, type Shading, type ShadingMode } from './choropleth.ts';
import { Legend } from './legend.tsx';
import { WALL_SCREEN_PX } from './map-options.ts';

export interface LayerToggles {
  units: boolean;
  roads: boolean;
  signs: boolean;
  fov: boolean;
  /** Road stretches coloured by camera coverage. */
  coverage: boolean;
  /** Private street cameras (only for roles with private_camera.read). */
  private: boolean;
}

const LAYER_LABELS: Record<keyof LayerToggles, MessageKey> = {
  units: 'map.layer.units',
  roads: 'map.layer.roads',
  signs: 'map.layer.signs',
  fov: 'map.layer.fov',
  coverage: 'map.layer.coverage',
  private: 'map.layer.private',
};

interface Props {
  layers: LayerToggles;
  onLayers(next: LayerToggles): void;
  mode: ShadingMode;
  onMode(mode: ShadingMode): void;
  shading: Shading | null;
  /** Layers the user's role may not see: not offered. */
  hidden?: ReadonlyArray<keyof LayerToggles>;
}

/** Layers, commune shading and the legend, in one box that folds away (folded by default below 1600 px). */
export function MapControls({ layers, onLayers, mode, onMode, shading, hidden = [] }: Props) {
  const { t } = useI18n();
  // Open by default on wide screens only: on a laptop with the station panel open it would hide the map.
  const [open, setOpen] = useState(() => window.innerWidth >= WALL_SCREEN_PX);
  return (
    <aside className={`map-controls ${open ? 'open' : 'closed'}`}>
      <button type="button" className="map-controls-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('map.layers')}
      </button>
      {open ? (
        <div className="map-controls-body">
          <fieldset>
            <legend>{t('map.layers')}</legend>
            {(Object.keys(LAYER_LABELS) as Array<keyof LayerToggles>)
              .filter((key) => !hidden.includes(key))
              .map((key) => (
                <label key={key} className="check">
                  <input
                    type="checkbox"
                    checked={layers[key]}
                    onChange={(e) => onLayers({ ...layers, [key]: e.target.checked })}
                    data-layer={key}
                  />
                  {t(LAYER_LABELS[key])}
                </label>
              ))}
          </fieldset>
          <label className="field">
            {t('map.shading')}
            <select value={mode} onChange={(e) => onMode(e.target.value as ShadingMode)} data-testid="shading-mode">
              {SHADING_MODES.map((m) => (
                <option key={m} value={m}>
                  {t(`map.shading.${m}`)}
                </option>
              ))}
            </select>
          </label>
          <Legend mode={mode} shading={shading} coverage={layers.coverage} />
        </div>
      ) : null}
    </aside>
  );
}
