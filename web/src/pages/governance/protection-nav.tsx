import { ControlOutlined, SafetyOutlined, WarningOutlined } from '@ant-design/icons'
import { lazy } from 'react'
import type { NavItem } from '../../layout/nav'

const STAFF = ['data_steward', 'org_admin', 'auditor', 'bureau_admin', 'reviewer'] as const

/** Console pages of grading, discovery, masking and risk alerts (数据治理 · 安全). */
export const PROTECTION_NAV: NavItem[] = [
  {
    key: 'grading',
    icon: <SafetyOutlined />,
    label: '分类分级',
    path: '/governance/grading',
    roles: STAFF,
    group: '数据治理',
    page: lazy(() => import('./protection/GradingPage')),
    subRoutes: ['/governance/grading/:id'],
  },
  {
    key: 'grade-policies',
    icon: <ControlOutlined />,
    label: '分级策略',
    path: '/governance/grade-policies',
    roles: STAFF,
    group: '数据治理',
    page: lazy(() => import('./protection/PoliciesPage')),
  },
  {
    key: 'risk-alerts',
    icon: <WarningOutlined />,
    label: '安全预警',
    path: '/governance/alerts',
    roles: ['bureau_admin', 'reviewer', 'auditor', 'org_admin'],
    group: '数据治理',
    page: lazy(() => import('./protection/AlertsPage')),
  },
]
