import type { SnapshotRef } from '@camwatch/config/api';
import { useState } from 'react';
import { formatDateTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * Reference and latest snapshot over each other with a slider (drag to wipe between them),
 * the quickest way to see that a camera was turned; side by side on wide screens.
 */
export function SnapshotCompare({ reference, latest }: { reference: SnapshotRef; latest: SnapshotRef }) {
  const { t } = useI18n();
  const [split, setSplit] = useState(50);
  return (
    <figure className="snapshot-compare">
      <figcaption>{t('panel.compare')}</figcaption>
      <div className="compare-stage" style={{ aspectRatio: `${latest.width} / ${latest.height}` }}>
        <img src={latest.url} alt={`${t('panel.latest')} ${formatDateTime(latest.takenAt)}`} />
        <img
          src={reference.url}
          alt={`${t('panel.reference')} ${formatDateTime(reference.takenAt)}`}
          style={{ clipPath: `inset(0 ${100 - split}% 0 0)` }}
        />
        <span className="compare-line" style={{ left: `${split}%` }} aria-hidden="true" />
      </div>
      <input
        type="range"
        min={0}
        max={100}
        value={split}
        onChange={(e) => setSplit(Number(e.target.value))}
        aria-label={t('panel.compare')}
      />
      <div className="axis">
        <span>
          {t('panel.reference')} · {formatDateTime(reference.takenAt)}
        </span>
        <span>
          {t('panel.latest')} · {formatDateTime(latest.takenAt)}
        </span>
      </div>
    </figure>
  );
}
