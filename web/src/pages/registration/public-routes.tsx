import type { PublicRoute } from '../../layout/public'

/** Public registration pages (no login): notices, objections, certificate query and verification. */
export const REGISTRATION_PUBLIC_ROUTES: PublicRoute[] = []
