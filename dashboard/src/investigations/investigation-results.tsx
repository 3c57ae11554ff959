import type { Investigation, InvestigationCamera, InvestigationPrivateCamera, InvestigationShares } from '@camwatch/config/api';
import { formatDateTime, formatPercent } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

const SHARES: (keyof InvestigationShares)[] = ['ok', 'degraded', 'down', 'unreachable', 'maintenance', 'noData'];

/** The answer: programme cameras with their window, then private cameras with whom to ask. */
export function InvestigationResults({ result: r }: { result: Investigation }) {
  const { t } = useI18n();
  return (
    <div className="investigation-results">
      <h2 className="group-title" data-testid="inv-programme-count" data-count={r.programmeCameras.length}>
        {t('inv.programme', { n: r.programmeCameras.length })}
      </h2>
      {r.programmeCameras.length === 0 ? <p className="muted">{t('inv.noneProgramme')}</p> : null}
      <ol className="investigation-list" data-testid="inv-programme">
        {r.programmeCameras.map((c) => (
          <ProgrammeCamera key={c.cameraId} camera={c} result={r} />
        ))}
      </ol>
      <h2 className="group-title" data-testid="inv-private-count" data-count={r.privateCameras.length}>
        {t('inv.private', { n: r.privateCameras.length })}
      </h2>
      {r.privateCameras.length === 0 ? <p className="muted">{t('inv.nonePrivate')}</p> : null}
      <ol className="investigation-list" data-testid="inv-private">
        {r.privateCameras.map((c) => (
          <PrivateCamera key={c.id} camera={c} />
        ))}
      </ol>
    </div>
  );
}

function ProgrammeCamera({ camera: c, result: r }: { camera: InvestigationCamera; result: Investigation }) {
  const { t, lang } = useI18n();
  const length = r.to - r.from;
  const words = SHARES.filter((k) => c.shares[k] > 0)
    .map((k) => `${t(`inv.share.${k}`)} ${formatPercent(lang, c.shares[k] * 100)}`)
    .join(' · ');
  return (
    <li className="investigation-item" data-camera-id={c.cameraId}>
      <h3>
        {c.cameraId} <span className="muted">{t('inv.distance', { m: c.distanceM })}</span>
      </h3>
      <p>
        {c.stationName} · {c.address} · {c.unitName}
      </p>
      {/* The bar is a picture of the words beside it: colour is never the only carrier. */}
      <div className="status-bar" role="img" aria-label={`${t('inv.statusBar')}: ${words}`}>
        {c.spans.map((s) => (
          <span
            key={`${s.start}-${s.status}`}
            className={`span-${s.status}`}
            style={{ left: `${((s.start - r.from) / length) * 100}%`, width: `${((s.end - s.start) / length) * 100}%` }}
          />
        ))}
      </div>
      <p className="status-words">{words}</p>
      <p className="snapshot-links">
        {c.snapshotBefore ? (
          <a href={c.snapshotBefore.url} target="_blank" rel="noopener">
            {t('inv.before', { time: formatDateTime(c.snapshotBefore.takenAt) })}
          </a>
        ) : (
          <span className="muted">{t('inv.noSnapshot')}</span>
        )}
        {' · '}
        {c.snapshotAfter ? (
          <a href={c.snapshotAfter.url} target="_blank" rel="noopener">
            {t('inv.after', { time: formatDateTime(c.snapshotAfter.takenAt) })}
          </a>
        ) : (
          <span className="muted">{t('inv.noSnapshot')}</span>
        )}
      </p>
    </li>
  );
}

function PrivateCamera({ camera: c }: { camera: InvestigationPrivateCamera }) {
  const { t } = useI18n();
  const kept = c.footageProbablyKept === null ? 'unknown' : c.footageProbablyKept ? 'kept' : 'gone';
  return (
    <li className="investigation-item" data-private-id={c.id} data-kept={kept}>
      <h3>
        {t(`inv.owner.${c.ownerKind}`)}: {c.owner ? c.owner.name : t('inv.contactHidden')}{' '}
        <span className="muted">{t('inv.distance', { m: c.distanceM })}</span>
      </h3>
      {c.owner ? (
        <p>
          <a href={`tel:${c.owner.phone.replace(/[^0-9+]/g, '')}`}>{c.owner.phone}</a> · {c.owner.address}
        </p>
      ) : null}
      <p>
        <strong className={`footage-${kept}`}>
          {kept === 'unknown' ? t('inv.keptUnknown') : kept === 'kept' ? t('inv.kept') : t('inv.gone')}
        </strong>
        {c.footageKeptUntil !== null ? ` · ${t('inv.keptUntil', { time: formatDateTime(c.footageKeptUntil) })}` : ''}
      </p>
    </li>
  );
}
