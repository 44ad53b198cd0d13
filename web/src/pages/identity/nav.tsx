import { SafetyCertificateOutlined } from '@ant-design/icons'
import { lazy } from 'react'
import type { NavItem } from '../../layout/nav'

/** Identity pages beyond orgs, users and apps: the bureau's verification of registered enterprises. */
export const IDENTITY_NAV: NavItem[] = [
  {
    key: 'enterprises',
    icon: <SafetyCertificateOutlined />,
    label: '企业认证',
    path: '/enterprises',
    roles: ['bureau_admin'],
    page: lazy(() => import('./EnterprisesPage')),
  },
]
