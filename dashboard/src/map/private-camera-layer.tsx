import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { useMap } from 'react-leaflet';
import { api } from '../api/endpoints.ts';
import { formatInteger } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { projectPositions } from './private-camera-grid.ts';
import { CAMERA_MAP_STATUSES } from '@camwatch/config/api';
import { privateCameraLive } from './private-camera-live.ts';
import { PrivateCameraOverlay } from './private-camera-overlay.ts';

/**
 * The private cameras of the user's area on the map (positions only: the positions route carries
 * no owner data; owners stay on the register page). Only mounted for roles with
 * `private_camera.read`. Fetched once when the layer is turned on (never again during a pan or
 * zoom), drawn on a canvas overlay, counted in a grid beyond 1,500 in view. If the hub cut the
 * answer at its limit, a note on the map says "N of M" so the layer never passes as complete.
 * The container's `data-private-cameras` says how many were loaded and `data-private-total` how
 * many there are (for tests and for the curious); both are set once the layer is drawn.
 * Cameras whose owners connected their recorder (issue 16 item 4) show their status like
 * programme cameras, kept up to date by the live stream; `data-private-status` lists those
 * statuses (`pc-12:ok …`) for tests.
 */
export function PrivateCameraLayer() {
  const map = useMap();
  const { lang, t } = useI18n();
  const overlayRef = useRef<PrivateCameraOverlay | null>(null);
  const format = (n: number) => formatInteger(lang, n);
  const formatRef = useRef(format);
  formatRef.current = format;
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    let alive = true;
    let note: L.Control | null = null;
    let unsubscribe = () => {};
    const el = map.getContainer();
    void api
      .privateCameraPositions()
      .then((positions) => {
        if (!alive) return;
        const overlay = new PrivateCameraOverlay(projectPositions(positions.lat, positions.lon), (n) => formatRef.current(n));
        overlayRef.current = overlay;
        overlay.addTo(map);
        const connected = positions.connected ?? { at: [], cameraId: [], status: [] };
        const status = [...connected.status];
        const slot = new Map(connected.cameraId.map((id, k) => [id, k]));
        const show = () => {
          overlay.setConnected({ at: connected.at, status });
          el.dataset.privateStatus = connected.cameraId.map((id, k) => `${id}:${CAMERA_MAP_STATUSES[status[k]!]}`).join(' ');
        };
        show();
        unsubscribe = privateCameraLive.subscribe((event) => {
          const k = slot.get(event.cameraId);
          if (k === undefined) return;
          status[k] = CAMERA_MAP_STATUSES.indexOf(event.status);
          show();
        });
        if (positions.truncated) {
          const text = tRef.current('map.private.partial', {
            shown: formatRef.current(positions.lat.length),
            total: formatRef.current(positions.total),
          });
          note = new (L.Control.extend({
            onAdd: () => {
              const div = L.DomUtil.create('div', 'leaflet-bar cw-private-partial');
              div.dataset.testid = 'private-partial';
              div.setAttribute('role', 'status');
              div.textContent = text;
              return div;
            },
          }))({ position: 'bottomleft' });
          note.addTo(map);
        }
        el.dataset.privateTotal = String(positions.total);
        el.dataset.privateCameras = String(positions.lat.length);
      })
      .catch((err: unknown) => console.warn('camwatch: private cameras not loaded', err));
    return () => {
      alive = false;
      unsubscribe();
      overlayRef.current?.remove();
      overlayRef.current = null;
      note?.remove();
      delete el.dataset.privateCameras;
      delete el.dataset.privateTotal;
      delete el.dataset.privateStatus;
    };
  }, [map]);
  // Counts are written in the user's language (1.234 / 1,234): a redraw, not a new fetch.
  useEffect(() => overlayRef.current?.setFormat((n) => formatRef.current(n)), [lang]);
  return null;
}
