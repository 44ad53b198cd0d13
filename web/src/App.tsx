import { Button, Result, Spin } from 'antd'
import type { ReactNode } from 'react'
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom'
import { useAuth } from './auth'
import AppLayout from './layout/AppLayout'
import { canSee, NAV_ITEMS, type NavItem } from './layout/nav'
import PublicLayout from './layout/PublicLayout'
import { IDENTITY_PUBLIC_ROUTES } from './pages/identity/public-routes'
import LoginPage from './pages/LoginPage'
import { OPERATION_PUBLIC_ROUTES } from './pages/operation/public-routes'
import { PORTAL_PUBLIC_ROUTES } from './pages/portal/public-routes'
import { REGISTRATION_PUBLIC_ROUTES } from './pages/registration/public-routes'

const PUBLIC_ROUTES = [
  ...PORTAL_PUBLIC_ROUTES,
  ...REGISTRATION_PUBLIC_ROUTES,
  ...OPERATION_PUBLIC_ROUTES,
  ...IDENTITY_PUBLIC_ROUTES,
]

function FullScreenSpin() {
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" />
    </div>
  )
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { user } = useAuth()
  const location = useLocation()
  if (user === undefined) return <FullScreenSpin />
  if (user === null) {
    const from = `${location.pathname}${location.search}${location.hash}`
    return <Navigate to="/login" replace state={{ from }} />
  }
  return children
}

function RequireRole({ item, children }: { item: NavItem; children: ReactNode }) {
  const { user } = useAuth()
  const navigate = useNavigate()
  if (!user || !canSee(item, user.roles)) {
    return (
      <Result
        status="403"
        title="无权访问"
        subTitle={`您的角色无权使用「${item.label}」。`}
        extra={
          <Button type="primary" onClick={() => navigate('/')}>
            返回工作台
          </Button>
        }
      />
    )
  }
  return children
}

function NotFound() {
  const navigate = useNavigate()
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="您访问的页面不存在或已被移除。"
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          返回工作台
        </Button>
      }
    />
  )
}

/** Signed-in visitors (including right after a successful login) go back where they came from. */
function LoginRoute() {
  const { user } = useAuth()
  const location = useLocation()
  if (user === undefined) return <FullScreenSpin />
  if (user) return <Navigate to={safeReturnPath(location.state)} replace />
  return <LoginPage />
}

function safeReturnPath(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'from' in state) {
    const from = (state as { from: unknown }).from
    if (typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && from !== '/login')
      return from
  }
  return '/'
}

export default function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginRoute />} />
      <Route element={<PublicLayout />}>
        {PUBLIC_ROUTES.map((route) => (
          <Route key={route.path} path={route.path} element={<route.page />} />
        ))}
      </Route>
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        {NAV_ITEMS.flatMap((item) =>
          [item.path, ...(item.subRoutes ?? [])].map((path) => (
            <Route
              key={`${item.key}:${path}`}
              path={path}
              element={
                <RequireRole item={item}>
                  <item.page />
                </RequireRole>
              }
            />
          )),
        )}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  )
}
