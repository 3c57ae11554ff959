import type { ClientConfig, LoginRequest, Me } from '@camwatch/config/api';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../api/endpoints.ts';
import { onUnauthorized } from '../api/http-client.ts';

export type SessionState = { kind: 'loading' } | { kind: 'anonymous'; expired: boolean } | { kind: 'signed-in'; me: Me };

interface Session {
  state: SessionState;
  config: ClientConfig | null;
  login(body: LoginRequest): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

const FALLBACK_CONFIG: ClientConfig = {
  provinceName: '',
  tileUrl: import.meta.env.VITE_TILE_URL ? String(import.meta.env.VITE_TILE_URL) : null,
  tileAttribution: '',
  heartbeatMs: 60_000,
};

/**
 * Who is signed in. Any 401 from the API while signed in ends the session here, so every
 * screen falls back to the login page with an "expired" note instead of failing one by one.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ kind: 'loading' });
  const [config, setConfig] = useState<ClientConfig | null>(null);

  useEffect(() => {
    // Without /api/config the app still runs on defaults (tile URL from the build, 60 s heartbeat).
    api.config().then(setConfig, () => setConfig(FALLBACK_CONFIG));
    api.me().then(
      (me) => setState({ kind: 'signed-in', me }),
      // Signed out or hub unreachable: both lead to the login page, whose sign-in names the real failure (login.unreachable).
      () => setState({ kind: 'anonymous', expired: false }),
    );
  }, []);

  useEffect(() => onUnauthorized(() => setState((prev) => (prev.kind === 'signed-in' ? { kind: 'anonymous', expired: true } : prev))), []);

  const login = useCallback(async (body: LoginRequest) => {
    const me = await api.login(body);
    setState({ kind: 'signed-in', me });
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setState({ kind: 'anonymous', expired: false });
    }
  }, []);

  const value = useMemo(() => ({ state, config, login, logout }), [state, config, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

export function useMe(): Me {
  const { state } = useSession();
  if (state.kind !== 'signed-in') throw new Error('useMe while signed out');
  return state.me;
}
