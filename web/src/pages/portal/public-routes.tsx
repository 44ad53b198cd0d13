import { lazy } from 'react'
import type { PublicRoute } from '../../layout/public'

/** Public open-data portal pages (no login). */
export const PORTAL_PUBLIC_ROUTES: PublicRoute[] = [
  { path: '/portal', page: lazy(() => import('./PortalHome')) },
  { path: '/portal/datasets', page: lazy(() => import('./DatasetsPage')) },
  { path: '/portal/datasets/:code', page: lazy(() => import('./DatasetPage')) },
  { path: '/portal/demands', page: lazy(() => import('./DemandsPage')) },
  { path: '/portal/developer', page: lazy(() => import('./DeveloperPage')) },
  { path: '/portal/developer/applications', page: lazy(() => import('./ApplicationsPage')) },
  { path: '/portal/developer/applications/:id', page: lazy(() => import('./ApplicationsPage')) },
]
