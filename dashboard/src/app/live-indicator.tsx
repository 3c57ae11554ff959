import { formatDateTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFleet } from './fleet-context.tsx';

/** A dot and a word: green "live", amber "connecting", red "disconnected". */
export function LiveIndicator() {
  const { t } = useI18n();
  const { live } = useFleet();
  const label = t(live.state === 'open' ? 'live.open' : live.state === 'connecting' ? 'live.connecting' : 'live.closed');
  const title = live.lastEventAt ? t('live.lastEvent', { time: formatDateTime(live.lastEventAt) }) : label;
  return (
    <span className={`live-indicator live-${live.state}`} data-live-state={live.state} title={title} role="status" aria-live="polite">
      <span className="live-dot" aria-hidden="true" />
      <span className="live-label">{label}</span>
    </span>
  );
}
