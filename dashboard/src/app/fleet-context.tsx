import type { AlertNotice } from '@camwatch/config/mqtt';
import type { UnitSummary, GeoFeatureCollection } from '@camwatch/config/api';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../api/endpoints.ts';
import { LiveConnection, type LiveState } from '../api/live-connection.ts';
import { takeBootStore } from '../map/map-boot.ts';
import { MapStore } from '../map/map-store.ts';
import { privateCameraLive } from '../map/private-camera-live.ts';
import { useSession } from './session-context.tsx';

export interface LiveStatus {
  state: LiveState;
  lastEventAt: number | null;
  rejected: number;
}

interface Fleet {
  store: MapStore | null;
  storeError: string | null;
  units: UnitSummary[];
  unitShapes: GeoFeatureCollection | null;
  roads: GeoFeatureCollection | null;
  live: LiveStatus;
  /** The latest alert notice from the live stream (lists refresh when it changes). */
  lastAlert: AlertNotice | null;
  reload(): void;
}

const FleetContext = createContext<Fleet | null>(null);

/** Reports a failed optional load without breaking the map (e.g. no road layer on this hub). */
function optional<T>(promise: Promise<T>, set: (value: T) => void, what: string): void {
  promise.then(set, (error: unknown) => console.warn(`camwatch: ${what} unavailable`, error));
}

/**
 * Everything the signed-in views share: the map store (GET /api/map), unit figures and
 * shapes, and the live stream that patches the store in place.
 */
export function FleetProvider({ children }: { children: ReactNode }) {
  const [store, setStore] = useState<MapStore | null>(null);
  const [storeError, setStoreError] = useState<string | null>(null);
  const [units, setUnits] = useState<UnitSummary[]>([]);
  const [unitShapes, setUnitShapes] = useState<GeoFeatureCollection | null>(null);
  const [roads, setRoads] = useState<GeoFeatureCollection | null>(null);
  const [live, setLive] = useState<LiveStatus>({ state: 'connecting', lastEventAt: null, rejected: 0 });
  const [lastAlert, setLastAlert] = useState<AlertNotice | null>(null);
  const storeRef = useRef<MapStore | null>(null);
  const { verifyUser } = useSession();
  const lastShown = useRef(0);

  const reload = useCallback(() => {
    // The first load takes the store the boot map drew (from index.html's early request), so the map page adopts that map.
    const fresh = () => api.map().then((payload) => new MapStore(payload));
    const boot = takeBootStore();
    (boot ? boot.then((store) => store ?? fresh()) : fresh()).then(
      (loaded) => {
        storeRef.current = loaded;
        setStore(loaded);
        setStoreError(null);
      },
      (error: unknown) => setStoreError(error instanceof Error ? error.message : String(error)),
    );
    optional(api.units(), (r) => setUnits(r.units), 'units');
  }, []);

  useEffect(() => {
    reload();
    optional(api.unitShapes(), setUnitShapes, 'unit shapes');
    optional(api.roads(), setRoads, 'roads');
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connection: LiveConnection = new LiveConnection('/api/live', {
      onState: (state) => {
        setLive((prev) => ({ ...prev, state }));
        if (state !== 'closed') return;
        // The browser gave up (e.g. 401): asking /api/me ends an expired session, else retry.
        retry = setTimeout(
          () =>
            api.me().then(
              () => connection.start(),
              (e: unknown) => console.warn('camwatch: live retry', e),
            ),
          3000,
        );
      },
      // The stream reconnected: the session cookie may now be another user's (signed in from
      // another tab). Reload only once /api/me says this is still this tab's user.
      onResync: () => void verifyUser().then((same) => same && reload()),
      onReject: (reason) => {
        console.warn('camwatch: live event rejected', reason);
        setLive((prev) => ({ ...prev, rejected: prev.rejected + 1 }));
      },
      onEvent: (name, payload) => {
        // Re-render the indicator at most once a second, however busy the stream is.
        const now = Date.now();
        if (now - lastShown.current > 1000) {
          lastShown.current = now;
          setLive((prev) => ({ ...prev, lastEventAt: now }));
        }
        const current = storeRef.current;
        if (name === 'camera-status') {
          const event = payload as Parameters<MapStore['applyCamera']>[0];
          // Not a programme camera: a connected private camera's, for the private layer.
          if (!current?.applyCamera(event)) privateCameraLive.publish(event);
        } else if (name === 'station-status') current?.applyStation(payload as Parameters<MapStore['applyStation']>[0]);
        else setLastAlert(payload as AlertNotice);
      },
    });
    connection.start();
    return () => {
      clearTimeout(retry);
      connection.stop();
    };
  }, [reload, verifyUser]);

  const value = useMemo(
    () => ({ store, storeError, units, unitShapes, roads, live, lastAlert, reload }),
    [store, storeError, units, unitShapes, roads, live, lastAlert, reload],
  );
  return <FleetContext.Provider value={value}>{children}</FleetContext.Provider>;
}

export function useFleet(): Fleet {
  const ctx = useContext(FleetContext);
  if (!ctx) throw new Error('useFleet outside FleetProvider');
  return ctx;
}
