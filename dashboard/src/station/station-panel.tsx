import { markerStatus, stationEventText, worstOf } from '@camwatch/config/domain';
import type { StationDetail } from '@camwatch/config/api';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/endpoints.ts';
import { useFleet } from '../app/fleet-context.tsx';
import { useSession } from '../app/session-context.tsx';
import { AsyncView } from '../common/async-view.tsx';
import { useAsync } from '../common/use-async.ts';
import { formatDateTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { StatusIcon } from '../map/status-icon.tsx';
import { CameraCard } from './camera-card.tsx';

/** Bytes as MB with one decimal (the budget is counted in decimal megabytes, 20 MB = 20,000,000). */
const megabytes = (bytes: number): string => (bytes / 1_000_000).toFixed(1);
import { CommandButtons } from './command-buttons.tsx';
import { OpenWorkOrderButton } from '../work-orders/open-work-order-button.tsx';

/** A signature of the station's live status, so the panel reloads only when it really changed. */
function useStationSignature(stationId: string): string {
  const { store } = useFleet();
  const [signature, setSignature] = useState('');
  useEffect(() => {
    if (!store) return;
    const compute = () => {
      const i = store.stationById.get(stationId);
      if (i === undefined) return '';
      const parts = [store.data.stations.status[i]];
      for (let k = store.camStart[i]!; k < store.camStart[i + 1]!; k++) {
        const j = store.camList[k]!;
        parts.push(store.data.cameras.status[j], store.data.cameras.cause[j]);
      }
      return parts.join(',');
    };
    setSignature(compute());
    return store.subscribe(() => setSignature(compute()));
  }, [store, stationId]);
  return signature;
}

/**
 * A number that grows once per agent heartbeat: "last heard" changes with every heartbeat,
 * not only with a status change, so an open panel re-reads its station this often.
 */
function useHeartbeatTick(): number {
  const { config } = useSession();
  const everyMs = config?.heartbeatMs ?? 60_000;
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return tick;
}

export function StationPanel({ stationId, onClose }: { stationId: string; onClose(): void }) {
  const { t } = useI18n();
  const signature = useStationSignature(stationId);
  const heartbeat = useHeartbeatTick();
  // A command that finished (a new snapshot, cameras found again) makes the panel read its station again.
  const [commandsDone, setCommandsDone] = useState(0);
  const [state, retry] = useAsync(() => api.station(stationId), [stationId, signature, heartbeat, commandsDone]);
  // Escape closes the panel, wherever the focus is on the page.
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) close.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <aside className="station-panel" aria-label={t('common.station')} data-station-id={stationId}>
      <button type="button" className="panel-close" onClick={onClose} aria-label={t('panel.close')}>
        ×
      </button>
      <AsyncView state={state} retry={retry}>
        {(station) => <StationBody station={station} refreshKey={signature} onCommandDone={() => setCommandsDone((n) => n + 1)} />}
      </AsyncView>
    </aside>
  );
}

function StationBody({ station, refreshKey, onCommandDone }: { station: StationDetail; refreshKey: string; onCommandDone(): void }) {
  const { t, lang } = useI18n();
  const worst = markerStatus(station.status, worstOf(station.cameras.map((c) => c.status)));
  // Opened from a search result or a link whose element is gone: the keyboard continues here, not at the top of the page.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body) heading.current?.focus();
  }, [station.id]);
  return (
    <div className="station-body">
      <header className="station-head">
        <StatusIcon status={worst} size={24} title={t(`status.${worst}`)} />
        <div>
          <h2 ref={heading} tabIndex={-1}>
            {station.name}
          </h2>
          <p className="muted">
            {station.id} · {t(`liveness.${station.status}`)}
          </p>
        </div>
      </header>
      <dl className="facts">
        <dt>{t('panel.unit')}</dt>
        <dd>{station.unitName}</dd>
        <dt>{t('panel.address')}</dt>
        <dd>
          {station.address}
          {station.road ? ` (${station.road})` : ''}
        </dd>
        <dt>{t('panel.lastSeen')}</dt>
        <dd data-testid="last-seen" data-ts={station.lastSeenAt ?? ''}>
          {formatDateTime(station.lastSeenAt)}
        </dd>
        <dt>{t('panel.installed')}</dt>
        <dd>{station.installedAt.split('-').reverse().join('/')}</dd>
        {station.contactName ? (
          <>
            <dt>{t('panel.contact')}</dt>
            <dd>
              {station.contactName}
              {station.contactPhone ? (
                <>
                  {' '}
                  · <a href={`tel:${station.contactPhone}`}>{station.contactPhone}</a>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
        {station.agentVersion ? (
          <>
            <dt>{t('panel.agent')}</dt>
            <dd>
              {station.agentVersion}
              {station.agentVersionSince ? (
                <>
                  {' · '}
                  <time>{t('panel.since', { time: formatDateTime(station.agentVersionSince) })}</time>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
        {station.health ? (
          <>
            <dt>{t('panel.health')}</dt>
            <dd>
              {t('panel.healthLine', {
                cpu: Math.round(station.health.cpuPct),
                mem: Math.round(station.health.memUsedPct),
                disk: Math.round(station.health.diskUsedPct),
              })}
            </dd>
          </>
        ) : null}
        {station.health?.bytesSentToday !== undefined ? (
          <>
            <dt>{t('panel.bytesToday')}</dt>
            <dd data-testid="station-bytes">
              {station.health.byteBudget != null
                ? t('panel.bytesLine', { sent: megabytes(station.health.bytesSentToday), budget: megabytes(station.health.byteBudget) })
                : t('panel.bytesLineNoBudget', { sent: megabytes(station.health.bytesSentToday) })}
              {station.health.snapshotMode === 'reduced' ? <small className="muted"> · {t('panel.snapshotsReduced')}</small> : null}
              {station.health.snapshotMode === 'on_change' ? <small className="muted"> · {t('panel.snapshotsOnChange')}</small> : null}
            </dd>
          </>
        ) : null}
      </dl>
      <CommandButtons
        stationId={station.id}
        cameraId={null}
        kinds={['snapshot', 'reprobe', 'rediscover', 'reload_config']}
        onDone={onCommandDone}
      />
      <OpenWorkOrderButton stationId={station.id} cameraId={null} />
      <h3>{t('panel.cameras')}</h3>
      <div className="camera-list">
        {station.cameras.map((c) => (
          <CameraCard key={c.id} camera={c} refreshKey={refreshKey} stationId={station.id} onCommandDone={onCommandDone} />
        ))}
      </div>
      <h3>{t('panel.events')}</h3>
      {station.events.length === 0 ? (
        <p className="muted">{t('panel.noEvents')}</p>
      ) : (
        <ol className="events">
          {station.events.map((e, k) => (
            <li key={`${e.ts}-${k}`}>
              <time>{formatDateTime(e.ts)}</time> {e.cameraId ? <code>{e.cameraId}</code> : null} {stationEventText(e, lang)}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
