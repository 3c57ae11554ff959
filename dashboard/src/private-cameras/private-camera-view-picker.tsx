import { PRIVATE_CAMERA_MAX_RANGE_M } from '@camwatch/config/api';
import { bearingTowards, metresBetween, pointTowards, viewWedge, type GeoPoint } from '@camwatch/config/domain';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { MapContainer, TileLayer, useMap } from 'react-leaflet';
import { useSession } from '../app/session-context.tsx';
import { metresPerPixel } from '../map/fov-draw.ts';
import './private-cameras.css';

const PROVINCE_FALLBACK = L.latLng(10.7, 106.2);
/** Keyboard steps of the aim handle: arrows turn it, Shift+arrows turn it finely. */
const TURN_STEP_DEG = 5;
const FINE_TURN_STEP_DEG = 1;
/** Keyboard steps of the camera square, in metres: a house front is a few metres wide. */
const MOVE_STEP_M = 5;
const FINE_MOVE_STEP_M = 1;
/** Arrow key → the compass bearing it moves the camera towards (up is north, as the map is drawn). */
const MOVE_BEARINGS: Record<string, number> = { ArrowUp: 0, ArrowRight: 90, ArrowDown: 180, ArrowLeft: 270 };
/** The range drawn about this many pixels long when the map centres on the camera. */
const RANGE_PX = 90;

export interface ViewPickerProps {
  /** Null until the position is known (typed, "use my location", or a tap on this map). */
  position: GeoPoint | null;
  bearingDeg: number;
  fovDeg: number;
  rangeM: number;
  onPosition: (p: GeoPoint) => void;
  onAim: (bearingDeg: number, rangeM: number) => void;
  labels: { group: string; hint: string; camera: string; handle: string; handleValue: (bearing: number, range: number) => string };
}

/**
 * The camera's view drawn on a small map: drag the camera to place it, drag the round handle
 * (or tap the map) to aim it and set how far it sees. The wedge is `viewWedge`, the very area
 * the coverage and "who could have seen it" rules count as seen. The form's typed fields stay
 * the source of truth and follow every drag; the handle is also a keyboard slider (arrows turn it).
 */
export function PrivateCameraViewPicker(props: ViewPickerProps) {
  const { config } = useSession();
  const { position } = props;
  return (
    <div className="view-picker" role="group" aria-label={props.labels.group} data-testid="private-view-map">
      <p className="muted view-picker-hint">{props.labels.hint}</p>
      <div className="view-picker-map">
        <MapContainer
          center={position ? L.latLng(position.lat, position.lon) : PROVINCE_FALLBACK}
          zoom={position ? zoomFor(position.lat, props.rangeM) : 9}
          keyboard={false}
        >
          {config?.tileUrl ? <TileLayer url={config.tileUrl} attribution={config.tileAttribution} /> : null}
          <ViewLayers {...props} />
        </MapContainer>
      </div>
    </div>
  );
}

/** Web Mercator zoom at which `rangeM` is about RANGE_PX long at this latitude. */
function zoomFor(lat: number, rangeM: number): number {
  const z = Math.log2(metresPerPixel(lat, 0) / (rangeM / RANGE_PX));
  return Math.max(10, Math.min(19, Math.floor(z)));
}

function clampRange(m: number): number {
  return Math.max(1, Math.min(PRIVATE_CAMERA_MAX_RANGE_M, Math.round(m)));
}

function ViewLayers({ position, bearingDeg, fovDeg, rangeM, onPosition, onAim, labels }: ViewPickerProps) {
  const map = useMap();
  // Latest props for Leaflet's handlers, which are bound once.
  const latest = useRef({ position, bearingDeg, rangeM, onPosition, onAim });
  latest.current = { position, bearingDeg, rangeM, onPosition, onAim };
  const layers = useRef<{ camera: L.Marker; handle: L.Marker; wedge: L.Polygon } | null>(null);
  const dragging = useRef<'camera' | 'handle' | null>(null);
  const fovOfWedge = useRef(fovDeg);
  fovOfWedge.current = fovDeg;

  useEffect(() => {
    const camera = L.marker(PROVINCE_FALLBACK, {
      draggable: true,
      keyboard: false,
      icon: L.divIcon({ className: 'view-picker-camera', iconSize: [22, 22] }),
    });
    const handle = L.marker(PROVINCE_FALLBACK, {
      draggable: true,
      keyboard: false,
      icon: L.divIcon({ className: 'view-picker-handle', iconSize: [32, 32] }),
    });
    const wedge = L.polygon([], { className: 'view-picker-wedge', color: '#6a3d9a', weight: 2, fillOpacity: 0.25, interactive: false });
    const aimAt = (p: L.LatLng) => {
      const from = latest.current.position;
      if (!from) return;
      const to = { lat: p.lat, lon: p.lng };
      latest.current.onAim(Math.round(bearingTowards(from, to)) % 360, clampRange(metresBetween(from, to)));
    };
    camera.on('dragstart', () => (dragging.current = 'camera'));
    camera.on('drag', () => {
      const p = camera.getLatLng();
      latest.current.onPosition({ lat: p.lat, lon: p.lng });
    });
    handle.on('dragstart', () => (dragging.current = 'handle'));
    handle.on('drag', () => aimAt(handle.getLatLng()));
    const dragEnd = () => {
      dragging.current = null;
      // Snap to the rounded values the form now holds.
      const { position: at, bearingDeg: b, rangeM: r } = latest.current;
      if (at) place(layers.current, at, b, r, fovOfWedge.current);
    };
    camera.on('dragend', dragEnd);
    handle.on('dragend', dragEnd);
    // A tap places the camera when it has no position yet, and aims it afterwards (easier than a small handle on a phone).
    const tap = (e: L.LeafletMouseEvent) => {
      if (latest.current.position) aimAt(e.latlng);
      else latest.current.onPosition({ lat: e.latlng.lat, lon: e.latlng.lng });
    };
    map.on('click', tap);
    layers.current = { camera, handle, wedge };
    return () => {
      map.off('click', tap);
      camera.remove();
      handle.remove();
      wedge.remove();
      layers.current = null;
    };
  }, [map]);

  useEffect(() => {
    const l = layers.current;
    if (!l) return;
    if (!position) {
      l.camera.remove();
      l.handle.remove();
      l.wedge.remove();
      return;
    }
    for (const layer of [l.wedge, l.camera, l.handle]) if (!map.hasLayer(layer)) layer.addTo(map);
    decorate(l, labels, bearingDeg, rangeM, latest);
    if (dragging.current === null) place(l, position, bearingDeg, rangeM, fovDeg);
    else l.wedge.setLatLngs(viewWedge({ ...position, bearingDeg, fovDeg, rangeM }).map((p) => L.latLng(p.lat, p.lon)));
    // Typed or located elsewhere: bring the whole view into sight (a drag keeps it under the finger).
    const bounds = l.wedge.getBounds().extend(L.latLng(position.lat, position.lon));
    if (dragging.current === null && !map.getBounds().contains(bounds)) {
      map.setView(L.latLng(position.lat, position.lon), zoomFor(position.lat, rangeM), { animate: false });
      if (!map.getBounds().contains(bounds)) map.fitBounds(bounds.pad(0.2), { animate: false });
    }
  }, [map, position, bearingDeg, fovDeg, rangeM, labels]);

  return null;
}

function place(
  l: { camera: L.Marker; handle: L.Marker; wedge: L.Polygon } | null,
  at: GeoPoint,
  bearingDeg: number,
  rangeM: number,
  fovDeg: number,
): void {
  if (!l) return;
  l.camera.setLatLng(L.latLng(at.lat, at.lon));
  const tip = pointTowards(at, bearingDeg, rangeM);
  l.handle.setLatLng(L.latLng(tip.lat, tip.lon));
  l.wedge.setLatLngs(viewWedge({ ...at, bearingDeg, fovDeg, rangeM }).map((p) => L.latLng(p.lat, p.lon)));
}

/**
 * Names the markers for assistive technology and makes the handle a keyboard slider: Leaflet's
 * own keyboard support would make it a nameless "button" that arrows cannot turn.
 */
function decorate(
  l: { camera: L.Marker; handle: L.Marker },
  labels: ViewPickerProps['labels'],
  bearingDeg: number,
  rangeM: number,
  latest: {
    current: {
      position: GeoPoint | null;
      bearingDeg: number;
      rangeM: number;
      onAim: ViewPickerProps['onAim'];
      onPosition: ViewPickerProps['onPosition'];
    };
  },
): void {
  const cam = l.camera.getElement();
  if (cam) {
    // A control the keyboard can move, like the handle (the name says how: arrows move it on the map).
    cam.setAttribute('role', 'button');
    cam.tabIndex = 0;
    cam.setAttribute('aria-label', labels.camera);
    cam.dataset.testid = 'private-camera-marker';
    if (!cam.dataset.keys) {
      cam.dataset.keys = 'bound';
      cam.addEventListener('keydown', (e) => {
        const towards = MOVE_BEARINGS[e.key];
        const from = latest.current.position;
        if (towards === undefined || !from) return;
        e.preventDefault();
        latest.current.onPosition(pointTowards(from, towards, e.shiftKey ? FINE_MOVE_STEP_M : MOVE_STEP_M));
      });
    }
  }
  const el = l.handle.getElement();
  if (!el) return;
  el.dataset.testid = 'private-aim-handle';
  el.setAttribute('role', 'slider');
  el.tabIndex = 0;
  el.setAttribute('aria-label', labels.handle);
  el.setAttribute('aria-valuemin', '0');
  el.setAttribute('aria-valuemax', '359');
  el.setAttribute('aria-valuenow', String(Math.round(bearingDeg)));
  el.setAttribute('aria-valuetext', labels.handleValue(Math.round(bearingDeg), Math.round(rangeM)));
  if (el.dataset.keys) return;
  el.dataset.keys = 'bound';
  el.addEventListener('keydown', (e) => {
    const step = e.shiftKey ? FINE_TURN_STEP_DEG : TURN_STEP_DEG;
    const turn = e.key === 'ArrowRight' || e.key === 'ArrowUp' ? step : e.key === 'ArrowLeft' || e.key === 'ArrowDown' ? -step : 0;
    if (turn === 0) return;
    e.preventDefault();
    const { bearingDeg: b, rangeM: r } = latest.current;
    latest.current.onAim((((Math.round(b) + turn) % 360) + 360) % 360, r);
  });
}
