import { CloudSyncOutlined, InboxOutlined, MessageOutlined } from '@ant-design/icons'
import { lazy } from 'react'
import type { NavItem } from '../../layout/nav'

/** Console pages behind the open-data portal: applications and demands inboxes, open-data mirrors. */
export const PORTAL_NAV: NavItem[] = [
  {
    key: 'portal-applications',
    group: '数据开放',
    icon: <InboxOutlined />,
    label: '开放申请',
    path: '/portal-admin/applications',
    roles: ['data_steward', 'org_admin', 'auditor', 'bureau_admin', 'reviewer'],
    page: lazy(() => import('./admin/ApplicationsInbox')),
  },
  {
    key: 'portal-demands',
    group: '数据开放',
    icon: <MessageOutlined />,
    label: '数据需求',
    path: '/portal-admin/demands',
    roles: ['data_steward', 'org_admin', 'auditor', 'bureau_admin', 'reviewer'],
    page: lazy(() => import('./admin/DemandsInbox')),
  },
  {
    key: 'portal-mirrors',
    group: '数据开放',
    icon: <CloudSyncOutlined />,
    label: '开放数据镜像',
    path: '/portal-admin/mirrors',
    roles: ['data_steward', 'org_admin', 'auditor', 'bureau_admin', 'reviewer'],
    page: lazy(() => import('./admin/MirrorsPage')),
  },
]
