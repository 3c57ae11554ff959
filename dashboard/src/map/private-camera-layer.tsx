import L from 'leaflet';
import { useEffect } from 'react';
import { useMap } from 'react-leaflet';
import { api } from '../api/endpoints.ts';
import { translate } from '../i18n/translate.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/** Private cameras' own colour and shape (hollow violet rings), so they never read as programme cameras. */
const STYLE: L.CircleMarkerOptions = { radius: 4, color: '#6a3d9a', weight: 2, fill: true, fillColor: '#ffffff', fillOpacity: 0.9 };

/**
 * The private cameras of the user's area on the map (positions only; owners stay on the register
 * page). Only mounted for roles with `private_camera.read`. Drawn on a canvas of their own, above
 * the outlines and below the programme stations. The container's `data-private-cameras` says how
 * many were drawn (for tests and for the curious).
 */
export function PrivateCameraLayer() {
  const map = useMap();
  const { lang } = useI18n();
  useEffect(() => {
    if (!map.getPane('cw-private')) map.createPane('cw-private').style.zIndex = '380';
    const renderer = L.canvas({ padding: 0.1, pane: 'cw-private' });
    const group = L.layerGroup().addTo(map);
    let alive = true;
    void api
      .privateCameras({})
      .then(({ items }) => {
        if (!alive) return;
        for (const c of items)
          L.circleMarker([c.lat, c.lon], { ...STYLE, renderer, pane: 'cw-private' })
            .bindTooltip(`${translate(lang, `private.kind.${c.ownerKind}`)} · ${c.unitName}`, { direction: 'top' })
            .addTo(group);
        map.getContainer().dataset.privateCameras = String(items.length);
      })
      .catch((err: unknown) => console.warn('camwatch: private cameras not loaded', err));
    return () => {
      alive = false;
      group.remove();
      delete map.getContainer().dataset.privateCameras;
    };
  }, [map, lang]);
  return null;
}
