import type { ClientConfig, LoginRequest, Me } from '@camwatch/config/api';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../api/endpoints.ts';
import { onUnauthorized } from '../api/http-client.ts';

export type SessionState =
  | { kind: 'loading' }
  | { kind: 'anonymous'; expired: boolean }
  /** `switchedFrom`: another tab of this browser signed in as someone else; this tab followed. */
  | { kind: 'signed-in'; me: Me; switchedFrom?: string };

interface Session {
  state: SessionState;
  config: ClientConfig | null;
  login(body: LoginRequest): Promise<void>;
  logout(): Promise<void>;
  /**
   * Asks /api/me whether this tab's user is still the one signed in (the session cookie is
   * shared by every tab). Resolves true when it is; false when another user took over (the
   * tab then shows that user, under their name) or nobody is signed in any more.
   */
  verifyUser(): Promise<boolean>;
}

/** Tabs tell each other about sign-ins and sign-outs; the others re-check /api/me at once. */
const CHANNEL = 'camwatch-session';
const STORAGE_KEY = 'camwatch.session-changed';
/** Also re-checked on focus and this often, for what no event announces (a session ended at the hub, a tab that missed a message). */
const RECHECK_MS = 60_000;

function announce(): void {
  try {
    const channel = new BroadcastChannel(CHANNEL);
    channel.postMessage('changed');
    channel.close();
  } catch (error) {
    console.warn('camwatch: BroadcastChannel unavailable', error);
  }
  // Also through storage, which every browser with localStorage delivers to the other tabs.
  localStorage.setItem(STORAGE_KEY, String(Date.now()));
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
  const username = useRef<string | null>(null);
  username.current = state.kind === 'signed-in' ? state.me.username : null;

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
    announce();
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setState({ kind: 'anonymous', expired: false });
      announce();
    }
  }, []);

  const verifyUser = useCallback(async (): Promise<boolean> => {
    const before = username.current;
    let me: Me;
    try {
      me = await api.me();
    } catch (error) {
      // A 401 has already sent the tab to the login page (onUnauthorized); the hub out of reach proves nothing.
      console.warn('camwatch: who is signed in?', error);
      return false;
    }
    if (me.username === username.current) return true;
    // Another user signed in from another tab: never show their data under this tab's name.
    setState({ kind: 'signed-in', me, ...(before ? { switchedFrom: before } : {}) });
    return false;
  }, []);

  useEffect(() => {
    const recheck = () => {
      if (username.current !== null) void verifyUser();
    };
    const otherTab = () => {
      if (username.current !== null) return void verifyUser();
      // A signed-out tab follows a sign-in made in another tab.
      api.me().then(
        (me) => setState({ kind: 'signed-in', me }),
        () => undefined,
      );
    };
    let channel: BroadcastChannel | null = null;
    try {
      channel = new BroadcastChannel(CHANNEL);
      channel.onmessage = otherTab;
    } catch (error) {
      console.warn('camwatch: BroadcastChannel unavailable', error);
    }
    const onStorage = (e: StorageEvent) => e.key === STORAGE_KEY && otherTab();
    const onVisible = () => document.visibilityState === 'visible' && recheck();
    window.addEventListener('storage', onStorage);
    window.addEventListener('focus', recheck);
    document.addEventListener('visibilitychange', onVisible);
    const timer = setInterval(recheck, RECHECK_MS);
    return () => {
      channel?.close();
      window.removeEventListener('storage', onStorage);
      window.removeEventListener('focus', recheck);
      document.removeEventListener('visibilitychange', onVisible);
      clearInterval(timer);
    };
  }, [verifyUser]);

  const value = useMemo(() => ({ state, config, login, logout, verifyUser }), [state, config, login, logout, verifyUser]);
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
