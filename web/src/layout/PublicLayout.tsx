import { Layout, Menu, Spin } from 'antd'
import { Suspense } from 'react'
import { Link, Outlet, useLocation } from 'react-router-dom'

const { Header, Content, Footer } = Layout

const LINKS = [
  { key: '/portal', label: '开放数据' },
  { key: '/portal/demands', label: '数据需求' },
  { key: '/public/registrations/notices', label: '登记公示' },
  { key: '/public/registrations/certificates', label: '登记查询' },
  { key: '/public/registrations/verify', label: '证书核验' },
  { key: '/public/operation', label: '授权运营公开' },
] as const

/** The frame of public pages: a narrow header that collapses on phones, no console menu, a sign-in link. */
export default function PublicLayout() {
  const location = useLocation()
  const active = [...LINKS]
    .sort((a, b) => b.key.length - a.key.length)
    .find((l) => location.pathname === l.key || location.pathname.startsWith(`${l.key}/`))
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16 }}>
        <Link to="/portal" style={{ color: '#fff', fontWeight: 600, fontSize: 17, whiteSpace: 'nowrap' }}>
          数惠 · 公共数据开放
        </Link>
        <Menu
          theme="dark"
          mode="horizontal"
          style={{ flex: 1, minWidth: 0 }}
          selectedKeys={active ? [active.key] : []}
          items={LINKS.map((l) => ({ key: l.key, label: <Link to={l.key}>{l.label}</Link> }))}
        />
        <Link to="/login" style={{ color: '#fff', whiteSpace: 'nowrap' }}>
          工作人员登录
        </Link>
      </Header>
      <Content style={{ padding: '16px clamp(8px, 3vw, 48px)' }}>
        <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}>
          <Outlet />
        </Suspense>
      </Content>
      <Footer style={{ textAlign: 'center', color: '#888' }}>数惠 Shuhui · 公共数据资源开放平台</Footer>
    </Layout>
  )
}
