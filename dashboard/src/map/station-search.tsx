import { useMemo, useRef, useState } from 'react';
import { useFleet } from '../app/fleet-context.tsx';
import { formatInteger } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { MapStore } from './map-store.ts';
import { buildSearchIndex, searchIndex, type SearchEntry, type SearchGroup, type SearchTarget } from './search-index.ts';
import { StatusIcon } from './status-icon.tsx';

/** Results shown per group before its "show all" button. */
const FIRST_SHOWN = 5;

/**
 * Finds communes, districts, roads, stations and cameras. Results are grouped; every group says
 * how many it holds and shows all of them on request, in a list that scrolls.
 */
export function StationSearch({ store, onPick }: { store: MapStore; onPick(target: SearchTarget): void }) {
  const { t, lang } = useI18n();
  const { units, roads } = useFleet();
  const [query, setQuery] = useState('');
  const [expanded, setExpanded] = useState<ReadonlySet<SearchGroup>>(new Set());
  // Built at the first search, not at load (40,000 folded names cost ~100 ms).
  const cache = useRef<{ key: unknown[]; index: SearchEntry[] } | null>(null);
  const results = useMemo(() => {
    if (query.trim().length < 2) return new Map<SearchGroup, SearchEntry[]>();
    const key = [store, units, roads];
    if (!cache.current || cache.current.key.some((k, n) => k !== key[n]))
      cache.current = { key, index: buildSearchIndex(store, units, roads) };
    return searchIndex(cache.current.index, query);
  }, [store, units, roads, query]);
  const total = [...results.values()].reduce((n, g) => n + g.length, 0);
  const pick = (target: SearchTarget) => {
    setQuery('');
    setExpanded(new Set());
    onPick(target);
  };
  return (
    <div className="station-search" role="search">
      <input
        type="search"
        placeholder={t('map.search')}
        aria-label={t('map.search')}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setExpanded(new Set());
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && query) {
            e.preventDefault();
            setQuery('');
          }
        }}
        data-testid="station-search"
      />
      {query.trim().length >= 2 ? (
        <div className="search-results" data-testid="search-results" data-total={total}>
          {total === 0 ? (
            <p className="muted">{t('map.noResults')}</p>
          ) : (
            <p className="muted search-total">{t('search.total', { n: formatInteger(lang, total) })}</p>
          )}
          {[...results.entries()].map(([group, entries]) => {
            const shown = expanded.has(group) ? entries : entries.slice(0, FIRST_SHOWN);
            return (
              <section key={group} className="search-group" data-group={group} data-count={entries.length}>
                <h3>
                  {t(`search.group.${group}`)} <span className="muted">({formatInteger(lang, entries.length)})</span>
                </h3>
                <ul>
                  {shown.map((e) => (
                    <li key={`${e.target.kind}:${e.title}:${e.detail}`}>
                      <button
                        type="button"
                        onClick={() => pick(e.target)}
                        data-result-kind={e.target.kind}
                        {...resultData(store, e.target)}
                      >
                        {e.target.kind === 'station' || e.target.kind === 'camera' ? (
                          <StatusIcon status={store.markerOf(e.target.kind === 'station' ? e.target.index : e.target.station)} size={14} />
                        ) : (
                          <span className="result-glyph" aria-hidden="true">
                            {e.target.kind === 'road' ? '⛙' : '⌖'}
                          </span>
                        )}
                        <span>{e.title}</span>
                        {e.detail ? <small>{e.detail}</small> : null}
                      </button>
                    </li>
                  ))}
                </ul>
                {entries.length > shown.length ? (
                  <button
                    type="button"
                    className="link-button search-more"
                    onClick={() => setExpanded(new Set([...expanded, group]))}
                    data-show-all={group}
                  >
                    {t('search.showAll', { n: formatInteger(lang, entries.length) })}
                  </button>
                ) : null}
              </section>
            );
          })}
        </div>
      ) : null}
    </div>
  );
}

function resultData(store: MapStore, target: SearchTarget): Record<string, string> {
  switch (target.kind) {
    case 'station':
      return { 'data-station-id': store.data.stations.id[target.index]! };
    case 'camera':
      return { 'data-station-id': store.data.stations.id[target.station]!, 'data-camera-id': store.data.cameras.id[target.index]! };
    case 'unit':
      return { 'data-unit-id': target.unitId };
    case 'road':
      return { 'data-road': target.road };
  }
}
