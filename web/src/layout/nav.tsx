import {
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  BarChartOutlined,
  BranchesOutlined,
  CalendarOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  FileSearchOutlined,
  InboxOutlined,
  KeyOutlined,
  LineChartOutlined,
  PieChartOutlined,
  SafetyCertificateOutlined,
  SendOutlined,
  SwapOutlined,
  TeamOutlined,
} from '@ant-design/icons'
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react'
import { PROTECTION_NAV } from '../pages/governance/protection-nav'
import { QUALITY_NAV } from '../pages/governance/quality-nav'
import { IDENTITY_NAV } from '../pages/identity/nav'
import { OPERATION_NAV } from '../pages/operation/nav'
import { PORTAL_NAV } from '../pages/portal/nav'
import { REGISTRATION_NAV } from '../pages/registration/nav'
import type { Role } from '../types'

/**
 * One entry of the console: a left-menu item and the route it opens. Modules add their pages by appending
 * to NAV_ITEMS; the menu, the routes and the role guard are all generated from this array.
 */
export interface NavItem {
  /** Stable menu key. */
  key: string
  icon: ReactNode
  /** Menu label (Simplified Chinese). */
  label: string
  /** Route path; the item is highlighted for this path and everything below it. */
  path: string
  /** Roles that may see and open the item; omitted means every signed-in user. */
  roles?: readonly Role[]
  /** The page, lazily loaded so each module ships in its own chunk. */
  page: LazyExoticComponent<ComponentType>
  /** Extra route patterns served by the same page, e.g. `/orgs/:id`. */
  subRoutes?: readonly string[]
  /** Menu group (e.g. 数据治理); items of a group are shown together under one folding entry. */
  group?: string
  /** `enterprise`: only for users of registered enterprises (e.g. their verification status). */
  audience?: 'enterprise'
}

export const NAV_ITEMS: NavItem[] = [
  {
    key: 'dashboard',
    icon: <DashboardOutlined />,
    label: '工作台',
    path: '/',
    // Enterprise users get their own home (verification status, market, orders, apps) instead of the dashboard.
    page: lazy(() => import('../pages/identity/HomePage')),
  },
  {
    key: 'orgs',
    icon: <ApartmentOutlined />,
    label: '组织机构',
    path: '/orgs',
    page: lazy(() => import('../pages/orgs/OrgsPage')),
  },
  {
    key: 'users',
    icon: <TeamOutlined />,
    label: '用户管理',
    path: '/users',
    roles: ['bureau_admin', 'org_admin'],
    page: lazy(() => import('../pages/users/UsersPage')),
  },
  {
    key: 'apps',
    icon: <ApiOutlined />,
    label: 'API应用',
    path: '/apps',
    roles: ['bureau_admin', 'org_admin'],
    page: lazy(() => import('../pages/apps/AppsPage')),
  },
  {
    key: 'audit',
    icon: <AuditOutlined />,
    label: '审计日志',
    path: '/audit',
    roles: ['bureau_admin', 'auditor'],
    page: lazy(() => import('../pages/audit/AuditPage')),
  },
  {
    key: 'calendar',
    icon: <CalendarOutlined />,
    label: '工作日历',
    path: '/calendar',
    page: lazy(() => import('../pages/calendar/CalendarPage')),
  },
  {
    key: 'catalog',
    icon: <DatabaseOutlined />,
    label: '数据目录',
    path: '/catalog',
    page: lazy(() => import('../pages/catalog/CatalogPage')),
    subRoutes: ['/catalog/new', '/catalog/import', '/catalog/:id', '/catalog/:id/edit'],
  },
  {
    key: 'catalog-review',
    icon: <FileSearchOutlined />,
    label: '目录审核',
    path: '/catalog/review',
    roles: ['reviewer', 'bureau_admin'],
    page: lazy(() => import('../pages/catalog/review/ReviewPage')),
  },
  {
    key: 'catalog-ledger',
    icon: <BarChartOutlined />,
    label: '目录一本账',
    path: '/catalog/ledger',
    page: lazy(() => import('../pages/catalog/ledger/LedgerPage')),
  },
  {
    key: 'catalog-checks',
    icon: <SafetyCertificateOutlined />,
    label: '目录质检',
    path: '/catalog/checks',
    roles: ['reviewer', 'bureau_admin', 'data_steward', 'org_admin'],
    page: lazy(() => import('../pages/catalog/checks/ChecksPage')),
  },
  {
    key: 'sharing-requests',
    group: '数据共享',
    icon: <SendOutlined />,
    label: '共享申请',
    path: '/sharing/requests',
    page: lazy(() => import('../pages/sharing/RequestsPage')),
    subRoutes: ['/sharing/requests/new', '/sharing/requests/:id'],
  },
  {
    key: 'sharing-inbox',
    group: '数据共享',
    icon: <InboxOutlined />,
    label: '共享审核',
    path: '/sharing/inbox',
    roles: ['data_steward', 'org_admin', 'reviewer', 'bureau_admin'],
    page: lazy(() => import('../pages/sharing/InboxPage')),
  },
  {
    key: 'sharing-grants',
    group: '数据共享',
    icon: <KeyOutlined />,
    label: '共享授权',
    path: '/sharing/grants',
    page: lazy(() => import('../pages/sharing/GrantsPage')),
  },
  {
    key: 'sharing-usage',
    group: '数据共享',
    icon: <LineChartOutlined />,
    label: '接口调用',
    path: '/sharing/usage',
    page: lazy(() => import('../pages/sharing/UsagePage')),
  },
  {
    key: 'sharing-exchange',
    group: '数据共享',
    icon: <SwapOutlined />,
    label: '数据交换',
    path: '/sharing/exchange',
    page: lazy(() => import('../pages/sharing/ExchangePage')),
    subRoutes: ['/sharing/exchange/:id'],
  },
  {
    key: 'sharing-stats',
    group: '数据共享',
    icon: <PieChartOutlined />,
    label: '共享统计',
    path: '/sharing/stats',
    page: lazy(() => import('../pages/sharing/StatsPage')),
  },
  {
    key: 'sharing-channels',
    group: '数据共享',
    icon: <BranchesOutlined />,
    label: '点对点通道',
    path: '/sharing/channels',
    page: lazy(() => import('../pages/sharing/ChannelsPage')),
  },
  ...IDENTITY_NAV,
  ...QUALITY_NAV,
  ...PROTECTION_NAV,
  ...REGISTRATION_NAV,
  ...OPERATION_NAV,
  ...PORTAL_NAV,
]

/**
 * Console pages a registered enterprise (an external buyer) may use; the server refuses it everything else
 * (ADR 0013), so the menu does not offer it: home, the market's products, its orders, its API apps.
 */
const ENTERPRISE_PAGES: ReadonlySet<string> = new Set([
  'dashboard',
  'apps',
  'operation-products',
  'operation-orders',
])

let enterpriseAudience = false

/**
 * Set by AuthProvider whenever the signed-in user changes, before the user is published to components. The menu
 * helpers read it so their callers keep passing roles only; it only shapes the menu (the server decides).
 */
export function setEnterpriseAudience(enterprise: boolean): void {
  enterpriseAudience = enterprise
}

export function canSee(item: Pick<NavItem, 'roles' | 'key' | 'audience'>, roles: readonly Role[]): boolean {
  const audienceOk = enterpriseAudience
    ? item.audience === 'enterprise' || ENTERPRISE_PAGES.has(item.key)
    : item.audience !== 'enterprise'
  return audienceOk && (!item.roles || item.roles.some((role) => roles.includes(role)))
}

export function visibleNavItems(roles: readonly Role[]): NavItem[] {
  return NAV_ITEMS.filter((item) => canSee(item, roles))
}

/** The item whose path is the longest prefix of `pathname` (so `/orgs/123` selects 组织机构). */
export function activeNavItem(pathname: string): NavItem | undefined {
  let best: NavItem | undefined
  for (const item of NAV_ITEMS) {
    const matches =
      item.path === '/' ? pathname === '/' : pathname === item.path || pathname.startsWith(`${item.path}/`)
    if (matches && (!best || item.path.length > best.path.length)) best = item
  }
  return best
}
