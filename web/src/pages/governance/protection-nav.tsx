import type { NavItem } from '../../layout/nav'

/** Console pages of grading, discovery, masking and risk alerts (数据治理 · 安全). */
export const PROTECTION_NAV: NavItem[] = []
