import { lazy } from 'react'
import type { PublicRoute } from '../../layout/public'

/** Public disclosure of authorized operation (no login): mandates, operators' products and prices, usage reports. */
export const OPERATION_PUBLIC_ROUTES: PublicRoute[] = [
  { path: '/public/operation', page: lazy(() => import('./DisclosurePage')) },
]
