import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError, api, isAbort, type Query } from './api'

export interface FetchState<T> {
  data: T | undefined
  loading: boolean
  error: ApiError | Error | null
  reload: () => void
}

/**
 * GETs `path` with `query` whenever either changes (or reload() is called); a null path fetches nothing.
 * Older responses are aborted so a slow answer never overwrites a newer one. Changing `refreshKey` also
 * refetches, for parents that want to reload a child's data after a change.
 */
export function useFetch<T>(path: string | null, query?: Query, refreshKey = 0): FetchState<T> {
  const [data, setData] = useState<T>()
  const [loading, setLoading] = useState(path !== null)
  const [error, setError] = useState<ApiError | Error | null>(null)
  const [tick, setTick] = useState(0)
  const key = JSON.stringify(query ?? {})
  const queryRef = useRef(query)
  queryRef.current = query

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the query's contents
  useEffect(() => {
    if (path === null) {
      setLoading(false)
      return
    }
    const controller = new AbortController()
    setLoading(true)
    api
      .get<T>(path, queryRef.current, controller.signal)
      .then((value) => {
        setData(value)
        setError(null)
      })
      .catch((err: unknown) => {
        if (isAbort(err)) return
        setError(err instanceof Error ? err : new Error(String(err)))
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false)
      })
    return () => controller.abort()
  }, [path, key, tick, refreshKey])

  const reload = useCallback(() => setTick((n) => n + 1), [])
  return { data, loading, error, reload }
}

/** Returns `value` after it has stopped changing for `delay` ms. */
export function useDebounced<T>(value: T, delay = 300): T {
  const [debounced, setDebounced] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay)
    return () => clearTimeout(timer)
  }, [value, delay])
  return debounced
}

export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403
}
