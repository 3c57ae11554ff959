import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { describeError } from './error-text.ts';
import type { AsyncState } from './use-async.ts';

/** Loading and error states look the same everywhere; `children` renders the value. */
export function AsyncView<T>({ state, retry, children }: { state: AsyncState<T>; retry?: () => void; children: (value: T) => ReactNode }) {
  const { t, lang } = useI18n();
  if (state.kind === 'loading') return <p className="muted">{t('common.loading')}</p>;
  if (state.kind === 'error') {
    const { text, retryable } = describeError(state.error, lang);
    return (
      <p className="notice notice-error" role="alert">
        {t('common.error')}: {text}{' '}
        {retry && retryable ? (
          <button type="button" className="link-button" onClick={retry}>
            {t('common.retry')}
          </button>
        ) : null}
      </p>
    );
  }
  return <>{children(state.value)}</>;
}
