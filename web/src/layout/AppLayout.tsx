import { Alert, Button, Layout, Menu, type MenuProps, Spin, theme } from 'antd'
import { Suspense, useState } from 'react'
import { Outlet, useLocation, useNavigate } from 'react-router-dom'
import { useUser } from '../auth'
import ChangePasswordModal from './ChangePasswordModal'
import HeaderUser from './HeaderUser'
import { activeNavItem, type NavItem, visibleNavItems } from './nav'

const { Header, Sider, Content } = Layout

type MenuEntry = NonNullable<MenuProps['items']>[number]

/** Items without a group stand alone; a group becomes one folding entry at the place of its first item. */
function menuItems(items: readonly NavItem[]): MenuEntry[] {
  const out: MenuEntry[] = []
  const groups = new Map<string, MenuEntry[]>()
  for (const item of items) {
    const entry = { key: item.key, icon: item.icon, label: item.label }
    if (!item.group) {
      out.push(entry)
      continue
    }
    let children = groups.get(item.group)
    if (!children) {
      children = []
      groups.set(item.group, children)
      out.push({ key: `group:${item.group}`, icon: item.icon, label: item.group, children })
    }
    children.push(entry)
  }
  return out
}

export default function AppLayout() {
  const user = useUser()
  const location = useLocation()
  const navigate = useNavigate()
  const { token } = theme.useToken()
  const [collapsed, setCollapsed] = useState(false)
  const [passwordOpen, setPasswordOpen] = useState(false)
  const items = visibleNavItems(user.roles)
  const active = activeNavItem(location.pathname)

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={208}
        breakpoint="lg"
        style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
      >
        <div
          style={{
            height: 56,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            color: '#fff',
            fontSize: collapsed ? 18 : 17,
            fontWeight: 600,
            letterSpacing: 1,
            whiteSpace: 'nowrap',
            overflow: 'hidden',
          }}
        >
          {collapsed ? '数惠' : '数惠 · 公共数据'}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={active ? [active.key] : []}
          defaultOpenKeys={active?.group ? [`group:${active.group}`] : []}
          items={menuItems(items)}
          onClick={({ key }) => {
            const target = items.find((item) => item.key === key)
            if (target) navigate(target.path)
          }}
        />
      </Sider>
      <Layout>
        <Header
          style={{
            background: token.colorBgContainer,
            padding: '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          <span style={{ fontSize: 16, fontWeight: 500 }}>{active?.label ?? '数惠'}</span>
          <HeaderUser onChangePassword={() => setPasswordOpen(true)} />
        </Header>
        <Content style={{ margin: 16 }}>
          {user.mustChangePassword && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title="您正在使用初始密码，为了账号安全，请尽快修改密码。"
              action={
                <Button size="small" type="primary" onClick={() => setPasswordOpen(true)}>
                  修改密码
                </Button>
              }
            />
          )}
          <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '120px auto' }} />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
      <ChangePasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </Layout>
  )
}
