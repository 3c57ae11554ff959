import { useState, type FormEvent } from 'react';
import { HttpError } from '../api/http-client.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { useSession } from './session-context.tsx';

export function LoginPage({ expired }: { expired: boolean }) {
  const { t } = useI18n();
  const { login, config } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login({ username: username.trim(), password });
    } catch (e) {
      if (e instanceof HttpError && e.status === 429) setError(t('login.rateLimited'));
      else if (e instanceof HttpError && (e.status === 401 || e.status === 400)) setError(t('login.failed'));
      else setError(t('login.unreachable'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login-page">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="login-head">
          <h1 id="login-title">{t('app.title')}</h1>
          <LanguageSwitch />
        </div>
        {config?.provinceName ? <p className="login-province">{config.provinceName}</p> : null}
        {expired ? (
          <p className="notice notice-warning" role="alert">
            {t('login.expired')}
          </p>
        ) : null}
        <label>
          {t('login.username')}
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </label>
        <label>
          {t('login.password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error ? (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </main>
  );
}
