import type { ComponentType, LazyExoticComponent } from 'react'

/** A page anyone may open without signing in; it is shown inside PublicLayout. */
export interface PublicRoute {
  path: string
  page: LazyExoticComponent<ComponentType>
}
