import { lazy } from 'react'
import type { PublicRoute } from '../../layout/public'

/** Public registration pages (no login): notices, objections, certificate query and verification. */
export const REGISTRATION_PUBLIC_ROUTES: PublicRoute[] = [
  { path: '/public/registrations/notices', page: lazy(() => import('./NoticesPage')) },
  { path: '/public/registrations/notices/:id/objection', page: lazy(() => import('./ObjectionPage')) },
  { path: '/public/registrations/certificates', page: lazy(() => import('./CertificateQueryPage')) },
  { path: '/public/registrations/certificates/:number', page: lazy(() => import('./CertificateQueryPage')) },
  { path: '/public/registrations/verify', page: lazy(() => import('./VerifyPage')) },
]
