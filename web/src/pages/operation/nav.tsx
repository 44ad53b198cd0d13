import type { NavItem } from '../../layout/nav'

/** Console pages of authorized operation (授权运营) and the sandbox. */
export const OPERATION_NAV: NavItem[] = []
