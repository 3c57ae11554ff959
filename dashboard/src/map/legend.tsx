import { CAMERA_MAP_STATUSES } from '@camwatch/config/api';
import { formatDecimal, formatInteger } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { ShadingMode, Shading } from './choropleth.ts';
import { NO_DATA_COLOUR } from './choropleth.ts';
import { SIGN_COLOUR } from './road-sign-draw.ts';
import { StatusIcon } from './status-icon.tsx';
import { COVERAGE_STYLE } from './coverage-layer.tsx';
import { COVERAGE_CLASSES } from '@camwatch/config/api';

/** Labels of the shading classes: "0", "< 5", "5–10", …, "≥ 40". */
function classLabels(breaks: number[], fmt: (n: number) => string): string[] {
  const real = breaks.map((b) => (b === Number.MIN_VALUE ? 0 : b));
  const labels: string[] = [];
  for (let k = 0; k <= real.length; k++) {
    const lo = real[k - 1];
    const hi = real[k];
    if (lo === undefined) labels.push(hi === 0 ? '0' : `< ${fmt(hi!)}`);
    else if (lo === 0 && hi !== undefined) labels.push(`> 0 – ${fmt(hi)}`);
    else if (hi === undefined) labels.push(`≥ ${fmt(lo)}`);
    else labels.push(`${fmt(lo)} – ${fmt(hi)}`);
  }
  return labels;
}

export function Legend({ mode, shading, coverage = false }: { mode: ShadingMode; shading: Shading | null; coverage?: boolean }) {
  const { t, lang } = useI18n();
  const fmt = (n: number) => (Number.isInteger(n) ? formatInteger(lang, n) : formatDecimal(lang, n));
  return (
    <section className="legend" aria-label={t('legend.title')}>
      <h3>{t('legend.title')}</h3>
      <ul className="legend-statuses">
        {CAMERA_MAP_STATUSES.map((s) => (
          <li key={s}>
            <StatusIcon status={s} size={18} />
            {t(`status.${s}`)}
          </li>
        ))}
        <li>
          <svg width="18" height="18" viewBox="-9 -9 18 18" aria-hidden="true">
            <circle r="7" fill="#fff" stroke="#D12A1B" strokeWidth="3" />
          </svg>
          {t('legend.cluster')}
        </li>
        <li>
          <svg width="18" height="18" viewBox="-9 -9 18 18" aria-hidden="true">
            <rect x="-7" y="-7" width="14" height="14" rx="2" fill={SIGN_COLOUR} stroke="#fff" />
          </svg>
          {t('legend.sign')}
        </li>
        {coverage
          ? COVERAGE_CLASSES.map((c) => (
              <li key={c} data-coverage-legend={c}>
                <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
                  <line
                    x1="1"
                    y1="9"
                    x2="17"
                    y2="9"
                    stroke={COVERAGE_STYLE[c].color}
                    strokeWidth={COVERAGE_STYLE[c].weight}
                    strokeDasharray={COVERAGE_STYLE[c].dashArray}
                  />
                </svg>
                {t(`legend.coverage.${c}`)}
              </li>
            ))
          : null}
      </ul>
      {shading && mode !== 'none' ? (
        <>
          <h4>{t(`map.shading.${mode}`)}</h4>
          <ul className="legend-scale">
            {classLabels(shading.scale.breaks, fmt).map((label, k) => (
              <li key={label}>
                <span className="swatch" style={{ background: shading.scale.colours[k] }} />
                {mode === 'uptime' ? `${label} %` : label}
              </li>
            ))}
            <li>
              <span className="swatch" style={{ background: NO_DATA_COLOUR }} />
              {t('legend.noData')}
            </li>
          </ul>
        </>
      ) : null}
    </section>
  );
}
