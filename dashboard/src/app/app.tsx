import { FleetProvider } from './fleet-context.tsx';
import { LoginPage } from './login-page.tsx';
import { useSession } from './session-context.tsx';
import { Shell } from './shell.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';

/** Signed out → login page; signed in → the shell with shared fleet data and the live stream. */
export function App() {
  const { state } = useSession();
  const { t } = useI18n();
  if (state.kind === 'loading') return <p className="boot-loading">{t('common.loading')}</p>;
  if (state.kind === 'anonymous') return <LoginPage expired={state.expired} />;
  return (
    <FleetProvider key={state.me.username}>
      <Shell />
    </FleetProvider>
  );
}
