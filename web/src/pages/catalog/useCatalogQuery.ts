import { useCallback, useMemo } from 'react'
import { useSearchParams } from 'react-router-dom'
import type { CatalogView } from '../../types'

export type SortKey = 'updated' | 'name' | 'code'

/** Filters of the catalog list; all live in the URL so that back from a detail page keeps the search. */
export interface CatalogFilters {
  q?: string
  view?: CatalogView
  orgId?: string
  regionCode?: string
  status?: string
  category?: string
  shareType?: string
  openType?: string
  updateFrequency?: string
  sort?: SortKey
  page: number
  pageSize: number
}

const KEYS = [
  'q',
  'view',
  'orgId',
  'regionCode',
  'status',
  'category',
  'shareType',
  'openType',
  'updateFrequency',
  'sort',
] as const

export function useCatalogQuery(): [CatalogFilters, (patch: Partial<CatalogFilters>) => void] {
  const [params, setParams] = useSearchParams()
  const filters = useMemo<CatalogFilters>(() => {
    const out: CatalogFilters = {
      page: Number(params.get('page')) || 1,
      pageSize: Number(params.get('pageSize')) || 20,
    }
    for (const key of KEYS) {
      const value = params.get(key)
      if (value) (out as unknown as Record<string, string>)[key] = value
    }
    return out
  }, [params])

  const update = useCallback(
    (patch: Partial<CatalogFilters>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev)
          for (const [key, value] of Object.entries(patch)) {
            if (value === undefined || value === null || value === '') next.delete(key)
            else next.set(key, String(value))
          }
          // Any filter change starts again from page 1.
          if (!('page' in patch)) next.delete('page')
          if (next.get('page') === '1') next.delete('page')
          if (next.get('pageSize') === '20') next.delete('pageSize')
          return next
        },
        { replace: true },
      )
    },
    [setParams],
  )
  return [filters, update]
}
