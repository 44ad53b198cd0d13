import type { PublicRoute } from '../../layout/public'

/** Public open-data portal pages (no login). */
export const PORTAL_PUBLIC_ROUTES: PublicRoute[] = []
