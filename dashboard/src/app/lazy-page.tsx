import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * A page whose code is fetched the first time it is shown. The map is the first screen on a
 * commune officer's phone (slow 4G, slow CPU): the lists, reports and forms stay out of the
 * bundle it must download and parse before the map can draw.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Page = lazy(async () => ({ default: await load() }));
  return function LazyPage(props: P) {
    return (
      <ChunkErrorBoundary>
        <Suspense fallback={<PageLoading />}>
          <Page {...props} />
        </Suspense>
      </ChunkErrorBoundary>
    );
  };
}

function PageLoading() {
  const { t } = useI18n();
  return <p className="page-message">{t('common.loading')}</p>;
}

function ChunkFailed() {
  const { t } = useI18n();
  return (
    <div className="page-message" role="alert">
      <p>{t('common.error')}</p>
      {/* A chunk that failed once (the link dropped) is not retried by the module loader: only a reload fetches it again. */}
      <button type="button" onClick={() => window.location.reload()}>
        {t('common.retry')}
      </button>
    </div>
  );
}

/** A page whose code could not be fetched (4G dropped) shows an error with a retry, instead of unmounting the whole app. */
class ChunkErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error('camwatch: page failed to load', error);
  }

  override render(): ReactNode {
    return this.state.failed ? <ChunkFailed /> : this.props.children;
  }
}
