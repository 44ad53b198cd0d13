import type { NavItem } from '../../layout/nav'

/** Console pages of registration (资源登记): registrants and registration bodies. */
export const REGISTRATION_NAV: NavItem[] = []
