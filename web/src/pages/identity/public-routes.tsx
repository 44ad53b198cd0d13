import { lazy } from 'react'
import type { PublicRoute } from '../../layout/public'

/** 企业注册 (no login): companies sign up to buy operation products; the bureau verifies them. */
export const IDENTITY_PUBLIC_ROUTES: PublicRoute[] = [
  { path: '/public/enterprises/register', page: lazy(() => import('./EnterpriseRegisterPage')) },
]
