import type { NavItem } from '../../layout/nav'

/** Console pages of quality audits and rectification (数据治理 · 质量). */
export const QUALITY_NAV: NavItem[] = []
