import type { CameraDetail, TimelineRange } from '@camwatch/config/api';
import { TIMELINE_RANGES } from '@camwatch/config/api';
import { useState } from 'react';
import { api } from '../api/endpoints.ts';
import { AsyncView } from '../common/async-view.tsx';
import { useAsync } from '../common/use-async.ts';
import { formatDateTime, formatPercent } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { StatusIcon } from '../map/status-icon.tsx';
import { AimFlag } from './aim-flag.tsx';
import { CommandButtons } from './command-buttons.tsx';
import { OpenWorkOrderButton } from '../work-orders/open-work-order-button.tsx';
import { SnapshotCompare } from './snapshot-compare.tsx';
import { SnapshotStrip } from './snapshot-strip.tsx';
import { StatusTimeline } from './status-timeline.tsx';
import { UptimeChart } from './uptime-chart.tsx';

/** One camera: status and cause, latest snapshot, timeline and uptime for a chosen range, history and comparison on demand. */
export function CameraCard({
  camera,
  refreshKey,
  stationId,
  onCommandDone,
}: {
  camera: CameraDetail;
  refreshKey: string;
  stationId: string;
  onCommandDone(): void;
}) {
  const { t, lang } = useI18n();
  const [range, setRange] = useState<TimelineRange>('24h');
  const [timeline, retry] = useAsync(() => api.timeline(camera.id, range), [camera.id, range, refreshKey]);
  return (
    <article className={`camera-card status-${camera.status}`} data-camera-id={camera.id} data-status={camera.status}>
      <header>
        <StatusIcon status={camera.status} size={20} title={t(`status.${camera.status}`)} />
        <div>
          <h4>{camera.id}</h4>
          <p className="camera-status-line">
            <strong>{t(`status.${camera.status}`)}</strong>
            {camera.cause ? ` · ${t(`cause.${camera.cause}`)}` : ''}
            {camera.since ? ` · ${t('panel.since', { time: formatDateTime(camera.since) })}` : ''}
          </p>
          <p className="muted">
            {camera.make} {camera.model} · {t('panel.uptime24h', { pct: formatPercent(lang, camera.uptime24hPct) })}
          </p>
        </div>
      </header>
      {camera.latestSnapshot ? (
        <img
          className="latest-snapshot"
          src={camera.latestSnapshot.url}
          alt={t('panel.snapshotAt', { time: formatDateTime(camera.latestSnapshot.takenAt) })}
          width={camera.latestSnapshot.width}
          height={camera.latestSnapshot.height}
        />
      ) : (
        <p className="no-snapshot muted">{t('panel.noSnapshot')}</p>
      )}
      {camera.latestSnapshot ? (
        <p className="caption muted">{t('panel.snapshotAt', { time: formatDateTime(camera.latestSnapshot.takenAt) })}</p>
      ) : null}
      <CommandButtons
        stationId={stationId}
        cameraId={camera.id}
        kinds={['snapshot', 'reprobe', 'reboot_camera', 'accept_reference']}
        onDone={onCommandDone}
      />
      {camera.reference ? (
        <p className="caption muted" data-testid={`reference-${camera.id}`} data-origin={camera.reference.origin}>
          {t(`panel.reference.${camera.reference.origin}`, { time: formatDateTime(camera.reference.since) })}
        </p>
      ) : null}
      <OpenWorkOrderButton stationId={stationId} cameraId={camera.id} />
      <AimFlag cameraId={camera.id} flag={camera.aimFlag} onChanged={onCommandDone} />
      <div className="range-buttons" role="group">
        {TIMELINE_RANGES.map((r) => (
          <button key={r} type="button" className={r === range ? 'active' : ''} aria-pressed={r === range} onClick={() => setRange(r)}>
            {t(`range.${r}`)}
          </button>
        ))}
      </div>
      <AsyncView state={timeline} retry={retry}>
        {(value) => (
          <>
            <StatusTimeline timeline={value} />
            <UptimeChart timeline={value} />
          </>
        )}
      </AsyncView>
      <details>
        <summary>{t('panel.history')}</summary>
        <SnapshotStrip cameraId={camera.id} />
      </details>
      {camera.referenceSnapshot && camera.latestSnapshot ? (
        <details>
          <summary>{t('panel.compare')}</summary>
          <SnapshotCompare reference={camera.referenceSnapshot} latest={camera.latestSnapshot} />
        </details>
      ) : null}
    </article>
  );
}
