// Who is signed in. The session is an httpOnly cookie, so the console only asks GET /me and reacts to 401.
// After an admin's password reset the session may only set a new password: `passwordChange` is then set
// (from the sign-in answer, or from GET /me answering 403 password_change_required) and the gate shows the form.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, isApiError, onUnauthorized, type ApiError } from './api';
import type { Me } from '../shared/types';

interface AuthState {
  me: Me | null;
  /** true until the first GET /me has answered */
  loading: boolean;
  /** set when GET /me failed for a reason other than "not signed in" (server down, …) */
  bootError: ApiError | null;
  /** Set while the signed-in session must choose a new password; carries the password just typed at sign-in. */
  passwordChange: { currentPassword: string | null } | null;
  signIn(username: string, password: string): Promise<Me | null>;
  changePassword(currentPassword: string, newPassword: string): Promise<Me>;
  signOut(): Promise<void>;
  retry(): void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [bootError, setBootError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [passwordChange, setPasswordChange] = useState<AuthState['passwordChange']>(null);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    api<Me>('/me', { quietUnauthorized: true })
      .then((m) => { if (!cancelled) { setMe(m); setBootError(null); } })
      .catch((e) => {
        if (cancelled) return;
        setMe(null);
        const mustChange = isApiError(e) && e.code === 'password_change_required';
        if (mustChange) setPasswordChange({ currentPassword: null });
        setBootError(isApiError(e) && e.status !== 401 && !mustChange ? e : null);
      })
      .finally(() => { if (!cancelled) setLoading(false); });
    return () => { cancelled = true; };
  }, [attempt]);

  useEffect(() => onUnauthorized(() => { setMe(null); setPasswordChange(null); }), []);

  const signIn = useCallback(async (username: string, password: string) => {
    const answer = await api<{ user: Me; mustChangePassword?: boolean }>('/session', { method: 'POST', body: { username, password }, quietUnauthorized: true });
    if (answer.mustChangePassword) {
      setPasswordChange({ currentPassword: password });
      return null;
    }
    // GET /me carries the full Me (demoUsersExist, isCenter) even if the session answer is shorter.
    const full = await api<Me>('/me');
    setMe(full);
    setBootError(null);
    return full;
  }, []);

  const changePassword = useCallback(async (currentPassword: string, newPassword: string) => {
    await api('/me/password', { method: 'POST', body: { currentPassword, newPassword } });
    const full = await api<Me>('/me');
    setPasswordChange(null);
    setMe(full);
    return full;
  }, []);

  const signOut = useCallback(async () => {
    try { await api('/session', { method: 'DELETE', quietUnauthorized: true }); } finally { setMe(null); setPasswordChange(null); }
  }, []);

  const value = useMemo<AuthState>(
    () => ({ me, loading, bootError, passwordChange, signIn, changePassword, signOut, retry: () => setAttempt((a) => a + 1) }),
    [me, loading, bootError, passwordChange, signIn, changePassword, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user; only for components rendered behind the sign-in gate. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a signed-in user');
  return me;
}
