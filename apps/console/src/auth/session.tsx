import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { post, setBearer, setUnauthorizedHandler } from '../api/client';
import type { LoginView, Role } from '@cadre/contracts';

export interface Session {
  token: string;
  username: string;
  roles: Role[];
  tenant: string;
  /** The cadre a `cadre` user is (the token's `cid` claim). */
  cadreId: string | null;
  expiresAt: number;
}

interface SessionApi {
  session: Session | null;
  login: (tenant: string, username: string, password: string) => Promise<void>;
  logout: () => void;
  /** Whether the user holds any of the roles. */
  can: (...roles: Role[]) => boolean;
}

const STORAGE_KEY = 'cadre.session';
const Context = createContext<SessionApi | null>(null);

/** The claims of the JWT (its middle part); the server checks the signature, the console only reads. */
function claims(token: string): { cid?: string; tcd?: string; exp?: number } {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0)));
    return JSON.parse(json);
  } catch {
    return {};
  }
}

function restore(): Session | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    if (saved && saved.expiresAt > Date.now()) return saved;
  } catch {
    // a damaged entry is the same as none
  }
  return null;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => {
    const saved = restore();
    setBearer(saved?.token ?? null);
    return saved;
  });

  const logout = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setBearer(null);
    setSession(null);
  }, []);

  useEffect(() => setUnauthorizedHandler(logout), [logout]);

  const login = useCallback(async (tenant: string, username: string, password: string) => {
    const res = await post<LoginView>('/auth/login', { tenant, username, password });
    const c = claims(res.accessToken);
    const next: Session = {
      token: res.accessToken,
      username: res.user.username,
      roles: res.user.roles,
      tenant: c.tcd ?? tenant,
      cadreId: c.cid ?? null,
      expiresAt: Date.now() + res.expiresIn * 1000,
    };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setBearer(next.token);
    setSession(next);
  }, []);

  const value = useMemo<SessionApi>(
    () => ({ session, login, logout, can: (...roles) => !!session && session.roles.some((r) => roles.includes(r)) }),
    [session, login, logout],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): SessionApi {
  const value = useContext(Context);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The roles that see the whole tenant: the organization department (and the platform administrator). */
export const OFFICE: Role[] = ['admin', 'org_officer'];
