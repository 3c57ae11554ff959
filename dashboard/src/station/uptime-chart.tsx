import type { CameraTimeline } from '@camwatch/config/api';
import { formatDateTime, formatPercent } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

const WIDTH = 1000;
const HEIGHT = 120;

/** Uptime per bucket (hour or day) as bars; a bucket with nothing observed shows a grey tick, not a zero. */
export function UptimeChart({ timeline }: { timeline: CameraTimeline }) {
  const { t, lang } = useI18n();
  const n = Math.max(1, timeline.buckets.length);
  const w = WIDTH / n;
  const y = (pct: number) => HEIGHT - (pct / 100) * HEIGHT;
  return (
    <figure className="uptime-chart">
      <figcaption>
        {t('chart.uptime')} · {t('chart.overall', { pct: formatPercent(lang, timeline.uptimePct) })}
        {/* What police could use (a dark station counts against it) and how much of the period the hub heard at all. */}
        <span data-testid="chart-availability" data-cause={timeline.availabilityLossCause ?? undefined}>
          {' · '}
          {t('chart.availability', { pct: formatPercent(lang, timeline.availabilityPct) })}
          {timeline.availabilityLossCause === 'station_unreachable' ? ` (${t('uptime.cause.station_unreachable')})` : ''}
        </span>
        <span data-testid="chart-coverage">
          {' · '}
          {t('chart.coverage', { pct: formatPercent(lang, timeline.coveragePct) })}
        </span>
      </figcaption>
      <div className="chart-body">
        <div className="y-axis" aria-hidden="true">
          <span>100 %</span>
          <span>50 %</span>
          <span>0 %</span>
        </div>
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={t('chart.uptime')}>
          {[50, 90].map((g) => (
            <line key={g} x1={0} x2={WIDTH} y1={y(g)} y2={y(g)} stroke="#c8c8c8" strokeDasharray="6 6" vectorEffect="non-scaling-stroke" />
          ))}
          {timeline.buckets.map((b, k) =>
            b.uptimePct === null ? (
              <rect key={b.start} x={k * w + w * 0.1} width={w * 0.8} y={HEIGHT - 3} height={3} fill="#bdbdbd">
                <title>{`${formatDateTime(b.start)}: ${t('legend.noData')}`}</title>
              </rect>
            ) : (
              <rect
                key={b.start}
                x={k * w + w * 0.1}
                width={w * 0.8}
                y={y(b.uptimePct)}
                height={HEIGHT - y(b.uptimePct)}
                fill={b.uptimePct >= 99 ? '#009E73' : b.uptimePct >= 90 ? '#E69F00' : '#D12A1B'}
              >
                <title>{`${formatDateTime(b.start)}: ${formatPercent(lang, b.uptimePct)}`}</title>
              </rect>
            ),
          )}
        </svg>
      </div>
      <div className="axis">
        <span>{formatDateTime(timeline.from)}</span>
        <span>{formatDateTime(timeline.to)}</span>
      </div>
    </figure>
  );
}
