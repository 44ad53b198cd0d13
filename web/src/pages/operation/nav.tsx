import {
  AccountBookOutlined,
  AuditOutlined,
  ExperimentOutlined,
  MoneyCollectOutlined,
  ProjectOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
} from '@ant-design/icons'
import { lazy } from 'react'
import type { NavItem } from '../../layout/nav'

const GROUP = '授权运营'
const BUREAU = ['bureau_admin', 'reviewer', 'auditor'] as const

/** Console pages of authorized operation (授权运营) and the sandbox. */
export const OPERATION_NAV: NavItem[] = [
  {
    key: 'operation-projects',
    icon: <ProjectOutlined />,
    label: '项目与授权',
    path: '/operation/projects',
    roles: [...BUREAU, 'operator_staff'],
    page: lazy(() => import('./ProjectsPage')),
    subRoutes: ['/operation/projects/:id'],
    group: GROUP,
  },
  {
    key: 'operation-consents',
    icon: <AuditOutlined />,
    label: '数据使用同意',
    path: '/operation/consents',
    roles: ['data_steward', 'org_admin'],
    page: lazy(() => import('./ConsentsPage')),
    group: GROUP,
  },
  {
    key: 'operation-products',
    icon: <ShopOutlined />,
    label: '产品与价格',
    path: '/operation/products',
    roles: [...BUREAU, 'operator_staff', 'data_steward', 'org_admin'],
    page: lazy(() => import('./ProductsPage')),
    subRoutes: ['/operation/products/:id'],
    group: GROUP,
  },
  {
    key: 'operation-orders',
    icon: <ShoppingCartOutlined />,
    label: '订单与收入',
    path: '/operation/orders',
    roles: [...BUREAU, 'operator_staff', 'data_steward', 'org_admin'],
    page: lazy(() => import('./OrdersPage')),
    group: GROUP,
  },
  {
    key: 'operation-invoices',
    icon: <AccountBookOutlined />,
    label: '结算单',
    path: '/operation/invoices',
    roles: [...BUREAU, 'operator_staff', 'data_steward', 'org_admin'],
    page: lazy(() => import('./InvoicesPage')),
    group: GROUP,
  },
  {
    key: 'operation-revenue',
    icon: <MoneyCollectOutlined />,
    label: '准许收入与年报',
    path: '/operation/revenue',
    roles: [...BUREAU, 'operator_staff'],
    page: lazy(() => import('./RevenuePage')),
    group: GROUP,
  },
  {
    key: 'operation-sandbox',
    icon: <ExperimentOutlined />,
    label: '隐私计算沙箱',
    path: '/operation/sandbox',
    roles: ['operator_staff', 'org_admin', 'bureau_admin', 'reviewer'],
    page: lazy(() => import('./SandboxPage')),
    group: GROUP,
  },
]
