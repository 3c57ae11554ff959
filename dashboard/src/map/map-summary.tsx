import { CAMERA_MAP_STATUSES, STATION_LIVENESS } from '@camwatch/config/api';
import { repairGroup } from '@camwatch/config/domain';
import { useMemo } from 'react';
import { formatInteger } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { MapStore } from './map-store.ts';
import { StatusIcon } from './status-icon.tsx';
import { useStoreVersion } from './use-store-version.ts';

const ONLINE = STATION_LIVENESS.indexOf('online');
const UNKNOWN = CAMERA_MAP_STATUSES.indexOf('unknown');
const DOWN = CAMERA_MAP_STATUSES.indexOf('down');

/** Counts by status, live: what a control room reads first. */
export function MapSummary({ store }: { store: MapStore }) {
  const { t, lang } = useI18n();
  const version = useStoreVersion(store);
  const counts = useMemo(() => {
    const c = [0, 0, 0, 0];
    const { stations, cameras } = store.data;
    cameras.status.forEach((s, j) => {
      const liveness = stations.status[cameras.station[j]!]!;
      // A camera of a silent station is unknown whatever it last said.
      let code = liveness === ONLINE ? s : UNKNOWN;
      // ✖ is exactly the repair page's count of broken cameras (one rule, in config).
      const group = repairGroup(STATION_LIVENESS[liveness] ?? 'never', CAMERA_MAP_STATUSES[s] ?? 'unknown');
      if (code === DOWN && group !== 'camera') code = UNKNOWN;
      c[code] = (c[code] ?? 0) + 1;
    });
    return c;
  }, [store, version]); // version: recount after live patches
  return (
    <div
      className="map-summary"
      data-testid="map-summary"
      data-stations={store.stationCount}
      data-cameras={store.cameraCount}
      data-down={counts[CAMERA_MAP_STATUSES.indexOf('down')]}
    >
      <span className="summary-total">
        {t('map.summary', { stations: formatInteger(lang, store.stationCount), cameras: formatInteger(lang, store.cameraCount) })}
      </span>
      <span className="summary-statuses">
        {CAMERA_MAP_STATUSES.map((s, k) => (
          <span key={s} className="summary-status" title={t(`status.${s}`)}>
            <StatusIcon status={s} size={14} title={t(`status.${s}`)} />
            {formatInteger(lang, counts[k] ?? 0)}
          </span>
        ))}
      </span>
    </div>
  );
}
