import type { SnapshotRef } from '@camwatch/config/api';
import { useState } from 'react';
import { api } from '../api/endpoints.ts';
import { AsyncView } from '../common/async-view.tsx';
import { useAsync } from '../common/use-async.ts';
import { formatDateTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * The camera's snapshot history, newest first, as a scrolling strip of thumbnails: a camera
 * that was turned or covered shows as the moment the picture changes. Click to enlarge.
 */
export function SnapshotStrip({ cameraId }: { cameraId: string }) {
  const { t } = useI18n();
  const [state, retry] = useAsync(() => api.snapshots(cameraId), [cameraId]);
  const [big, setBig] = useState<SnapshotRef | null>(null);
  return (
    <div className="snapshot-strip">
      <AsyncView state={state} retry={retry}>
        {(history) =>
          history.items.length === 0 ? (
            <p className="muted">{t('panel.noSnapshot')}</p>
          ) : (
            <>
              <ol className="strip" data-snapshots={history.items.length}>
                {history.items.map((s) => (
                  <li key={s.url}>
                    <button type="button" onClick={() => setBig(s)} className={big?.url === s.url ? 'active' : ''}>
                      <img
                        src={s.url}
                        alt={t('panel.snapshotAt', { time: formatDateTime(s.takenAt) })}
                        loading="lazy"
                        width={120}
                        height={Math.round((120 * s.height) / s.width)}
                      />
                      <time>{formatDateTime(s.takenAt)}</time>
                    </button>
                  </li>
                ))}
              </ol>
              {big ? <img className="strip-big" src={big.url} alt={t('panel.snapshotAt', { time: formatDateTime(big.takenAt) })} /> : null}
            </>
          )
        }
      </AsyncView>
    </div>
  );
}
