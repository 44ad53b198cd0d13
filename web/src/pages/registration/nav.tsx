import { FileProtectOutlined, KeyOutlined } from '@ant-design/icons'
import { lazy } from 'react'
import type { NavItem } from '../../layout/nav'

const GROUP = '资源登记'

/** Console pages of registration (资源登记): registrants and registration bodies. */
export const REGISTRATION_NAV: NavItem[] = [
  {
    key: 'registrations',
    icon: <FileProtectOutlined />,
    label: '登记申请与办理',
    path: '/registrations',
    roles: ['data_steward', 'org_admin', 'operator_staff', 'auditor', 'bureau_admin', 'reviewer'],
    page: lazy(() => import('./RegistrationRoutes')),
    subRoutes: ['/registrations/new', '/registrations/:id'],
    group: GROUP,
  },
  {
    key: 'registration-keys',
    icon: <KeyOutlined />,
    label: '登记签名密钥',
    path: '/registration-keys',
    roles: ['bureau_admin'],
    page: lazy(() => import('./KeysPage')),
    group: GROUP,
  },
]
