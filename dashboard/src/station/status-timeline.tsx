import type { CameraTimeline } from '@camwatch/config/api';
import { useId } from 'react';
import { formatDateTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { StatusPatternDefs, statusFill } from './status-patterns.tsx';

const WIDTH = 1000;
const HEIGHT = 28;

/** One bar across the range: each interval in its status fill; gaps (no data) stay blank, they are not downtime. */
export function StatusTimeline({ timeline }: { timeline: CameraTimeline }) {
  const { t } = useI18n();
  const id = useId().replace(/:/g, '');
  const span = Math.max(1, timeline.to - timeline.from);
  const x = (ts: number) => ((Math.min(Math.max(ts, timeline.from), timeline.to) - timeline.from) / span) * WIDTH;
  return (
    <figure className="timeline">
      <figcaption>{t('timeline.title')}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={t('timeline.title')}
        data-intervals={timeline.intervals.length}
      >
        <StatusPatternDefs id={id} />
        <rect width={WIDTH} height={HEIGHT} fill="#f2f2f2" />
        {timeline.intervals.map((iv) => (
          <rect
            key={iv.start}
            x={x(iv.start)}
            width={Math.max(1, x(iv.end) - x(iv.start))}
            height={HEIGHT}
            fill={statusFill(id, iv.status)}
          >
            <title>{`${t(`status.${iv.status}`)}${iv.cause ? ` (${t(`cause.${iv.cause}`)})` : ''}: ${formatDateTime(iv.start)} – ${formatDateTime(iv.end)}`}</title>
          </rect>
        ))}
      </svg>
      <div className="axis">
        <span>{formatDateTime(timeline.from)}</span>
        {timeline.intervals.length === 0 ? <span className="muted">{t('timeline.noData')}</span> : null}
        <span>{formatDateTime(timeline.to)}</span>
      </div>
    </figure>
  );
}
