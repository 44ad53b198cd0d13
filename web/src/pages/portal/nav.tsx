import type { NavItem } from '../../layout/nav'

/** Console pages behind the open-data portal: applications and demands inboxes, portal statistics. */
export const PORTAL_NAV: NavItem[] = []
