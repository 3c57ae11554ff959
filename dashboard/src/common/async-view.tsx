import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { AsyncState } from './use-async.ts';

/** Loading and error states look the same everywhere; `children` renders the value. */
export function AsyncView<T>({ state, retry, children }: { state: AsyncState<T>; retry?: () => void; children: (value: T) => ReactNode }) {
  const { t } = useI18n();
  if (state.kind === 'loading') return <p className="muted">{t('common.loading')}</p>;
  if (state.kind === 'error') {
    return (
      <p className="notice notice-error" role="alert">
        {t('common.error')} ({state.message}){' '}
        {retry ? (
          <button type="button" className="link-button" onClick={retry}>
            {t('common.retry')}
          </button>
        ) : null}
      </p>
    );
  }
  return <>{children(state.value)}</>;
}
