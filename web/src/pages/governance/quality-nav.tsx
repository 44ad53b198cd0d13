import { AlertOutlined, AuditOutlined, TrophyOutlined } from '@ant-design/icons'
import { lazy } from 'react'
import type { NavItem } from '../../layout/nav'

const STAFF = ['data_steward', 'org_admin', 'auditor', 'bureau_admin', 'reviewer'] as const

/** Console pages of quality audits and rectification (数据治理 · 质量). */
export const QUALITY_NAV: NavItem[] = [
  {
    key: 'quality',
    icon: <AuditOutlined />,
    label: '质量稽查',
    path: '/governance/quality',
    roles: STAFF,
    group: '数据治理',
    page: lazy(() => import('./quality/QualityPage')),
    subRoutes: ['/governance/quality/resources/:id', '/governance/quality/runs/:runId'],
  },
  {
    key: 'quality-scores',
    icon: <TrophyOutlined />,
    label: '质量评分',
    path: '/governance/quality-scores',
    roles: STAFF,
    group: '数据治理',
    page: lazy(() => import('./quality/ScoreboardPage')),
  },
  {
    key: 'rectifications',
    icon: <AlertOutlined />,
    label: '整改工单',
    path: '/governance/rectifications',
    roles: STAFF,
    group: '数据治理',
    page: lazy(() => import('./quality/RectificationPage')),
    subRoutes: ['/governance/rectifications/:id'],
  },
]
