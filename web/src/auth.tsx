import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import { ApiError, api, request, setCsrfToken, setUnauthorizedHandler } from './api'
import { setEnterpriseAudience } from './layout/nav'
import type { Role, User } from './types'

interface MeResponse {
  user: User
  /** null when the request was authenticated by a bearer token rather than the session cookie. */
  csrfToken: string | null
}

interface LoginResponse {
  token: string
  csrfToken: string
  user: User
}

export interface AuthState {
  /** undefined while the session probe is running, null when signed out. */
  user: User | null | undefined
  login: (username: string, password: string) => Promise<User>
  logout: () => Promise<void>
  refresh: () => Promise<User | null>
  hasRole: (...roles: Role[]) => boolean
}

const AuthContext = createContext<AuthState | null>(null)

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUserState] = useState<User | null | undefined>(undefined)
  // The menu of an enterprise user differs; tell it before any component renders the new user.
  const setUser = useCallback((next: User | null) => {
    setEnterpriseAudience(next?.orgType === 'enterprise')
    setUserState(next)
  }, [])

  const refresh = useCallback(async () => {
    try {
      const me = await request<MeResponse>('GET', '/auth/me', { skipAuthRedirect: true })
      setCsrfToken(me.csrfToken)
      setUser(me.user)
      return me.user
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setCsrfToken(null)
        setUser(null)
        return null
      }
      // Server unreachable or failing: treat as signed out so the login page can show the error.
      setUser(null)
      throw err
    }
  }, [setUser])

  useEffect(() => {
    refresh().catch(() => undefined)
    setUnauthorizedHandler(() => {
      setCsrfToken(null)
      setUser(null)
    })
    return () => setUnauthorizedHandler(null)
  }, [refresh, setUser])

  const login = useCallback(
    async (username: string, password: string) => {
      const res = await request<LoginResponse>('POST', '/auth/login', {
        body: { username, password },
        skipAuthRedirect: true,
      })
      setCsrfToken(res.csrfToken)
      setUser(res.user)
      return res.user
    },
    [setUser],
  )

  const logout = useCallback(async () => {
    try {
      await api.post<void>('/auth/logout')
    } finally {
      setCsrfToken(null)
      setUser(null)
    }
  }, [setUser])

  const value = useMemo<AuthState>(
    () => ({
      user,
      login,
      logout,
      refresh,
      hasRole: (...roles) => !!user && user.roles.some((role) => roles.includes(role)),
    }),
    [user, login, logout, refresh],
  )
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext)
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>')
  return ctx
}

/** The signed-in user; only for components rendered behind RequireAuth. */
export function useUser(): User {
  const { user } = useAuth()
  if (!user) throw new Error('useUser used without a signed-in user')
  return user
}
