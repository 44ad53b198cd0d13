import { lazy } from 'react'
import { useLocation, useParams } from 'react-router-dom'

const CatalogListPage = lazy(() => import('./CatalogListPage'))
const ResourceFormPage = lazy(() => import('./form/ResourceFormPage'))
const ResourceDetailPage = lazy(() => import('./detail/ResourceDetailPage'))
const ImportPage = lazy(() => import('./import/ImportPage'))

/**
 * The 数据目录 nav entry serves /catalog, /catalog/new, /catalog/import, /catalog/:id and /catalog/:id/edit;
 * this picks the screen for the matched route.
 */
export default function CatalogPage() {
  const { id } = useParams()
  const { pathname } = useLocation()
  if (pathname === '/catalog/new') return <ResourceFormPage />
  if (pathname === '/catalog/import') return <ImportPage />
  if (id && pathname.endsWith('/edit')) return <ResourceFormPage key={id} id={id} />
  if (id) return <ResourceDetailPage key={id} id={id} />
  return <CatalogListPage />
}
