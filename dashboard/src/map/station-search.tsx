import { useMemo, useRef, useState } from 'react';
import { foldVietnamese } from '../common/text.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { MapStore } from './map-store.ts';
import { StatusIcon } from './status-icon.tsx';

const MAX_RESULTS = 8;

export function searchStations(store: MapStore, folded: () => string[], query: string): number[] {
  const q = foldVietnamese(query.trim());
  if (q.length < 2) return [];
  const out: number[] = [];
  const cameraHit = store.cameraById.get(query.trim());
  if (cameraHit !== undefined) out.push(store.data.cameras.station[cameraHit]!);
  const names = folded();
  for (let i = 0; i < names.length && out.length < MAX_RESULTS; i++) if (names[i]!.includes(q) && !out.includes(i)) out.push(i);
  return out;
}

export function StationSearch({ store, onPick }: { store: MapStore; onPick(index: number): void }) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  // Folded names are computed at the first search, not at load (40,000 names cost ~100 ms).
  const cache = useRef<{ store: MapStore; names: string[] } | null>(null);
  const results = useMemo(() => {
    const folded = () => {
      if (cache.current?.store !== store)
        cache.current = { store, names: store.data.stations.name.map((name, i) => foldVietnamese(`${name} ${store.data.stations.id[i]}`)) };
      return cache.current.names;
    };
    return searchStations(store, folded, query);
  }, [store, query]);
  const { stations, units } = store.data;
  return (
    <div className="station-search" role="search">
      <input
        type="search"
        placeholder={t('map.search')}
        aria-label={t('map.search')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        data-testid="station-search"
      />
      {query.trim().length >= 2 ? (
        <ul className="search-results" role="listbox">
          {results.length === 0 ? <li className="muted">{t('map.noResults')}</li> : null}
          {results.map((i) => (
            <li key={i} role="option" aria-selected="false">
              <button
                type="button"
                onClick={() => {
                  setQuery('');
                  onPick(i);
                }}
                data-station-id={stations.id[i]}
              >
                <StatusIcon status={store.markerOf(i)} size={14} />
                <span>{stations.name[i]}</span>
                <small>
                  {units.name[stations.unit[i]!]} · {stations.id[i]}
                </small>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
