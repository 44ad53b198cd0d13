import { useCallback, useEffect, useState } from 'react'
import { api } from '../api'
import { showError } from '../feedback'
import type { ItemList, Region, RegionWithPath } from '../types'

const ROOT = '__root__'
const childrenCache = new Map<string, Promise<Region[]>>()
const regionCache = new Map<string, Promise<RegionWithPath>>()

/** Children of `parent` (provinces for null); cached for the page's lifetime, regions rarely change. */
export function fetchRegionChildren(parent: string | null): Promise<Region[]> {
  const key = parent ?? ROOT
  let pending = childrenCache.get(key)
  if (!pending) {
    pending = api.get<ItemList<Region>>('/regions', parent ? { parent } : undefined).then((res) => res.items)
    pending.catch(() => childrenCache.delete(key))
    childrenCache.set(key, pending)
  }
  return pending
}

export function fetchRegion(code: string): Promise<RegionWithPath> {
  let pending = regionCache.get(code)
  if (!pending) {
    pending = api.get<RegionWithPath>(`/regions/${encodeURIComponent(code)}`)
    pending.catch(() => regionCache.delete(code))
    regionCache.set(code, pending)
  }
  return pending
}

export interface RegionNode {
  key: string
  value: string
  title: string
  isLeaf: boolean
  children?: RegionNode[]
}

interface TreeState {
  nodes: Map<string, Region>
  children: Map<string, string[]>
}

/**
 * A lazily loaded region tree rooted at `rootCode` (the user's scope region) or at the provinces when null.
 * `focusCode` makes sure the branch down to that region is loaded (for a preselected form value).
 */
export function useRegionTree(rootCode: string | null, focusCode?: string | null) {
  const [state, setState] = useState<TreeState>({ nodes: new Map(), children: new Map() })
  const [loading, setLoading] = useState(true)
  const [expandedKeys, setExpandedKeys] = useState<string[]>([])

  const addChildren = useCallback((parent: string, items: Region[]) => {
    setState((prev) => {
      const nodes = new Map(prev.nodes)
      for (const item of items) nodes.set(item.code, item)
      const children = new Map(prev.children)
      children.set(
        parent,
        items.map((item) => item.code),
      )
      return { nodes, children }
    })
  }, [])

  const loadChildren = useCallback(
    async (code: string) => {
      try {
        addChildren(code, await fetchRegionChildren(code))
      } catch (err) {
        showError(err)
      }
    },
    [addChildren],
  )

  useEffect(() => {
    let cancelled = false
    const init = async () => {
      setLoading(true)
      const expand: string[] = []
      if (rootCode) {
        const root = await fetchRegion(rootCode)
        if (cancelled) return
        addChildren(ROOT, [root])
        if (root.hasChildren) {
          addChildren(rootCode, await fetchRegionChildren(rootCode))
          expand.push(rootCode)
        }
      } else {
        addChildren(ROOT, await fetchRegionChildren(null))
      }
      if (focusCode && focusCode !== rootCode) {
        const focus = await fetchRegion(focusCode)
        const chain = focus.path.map((r) => r.code).filter((code) => code !== focusCode)
        const start = rootCode ? chain.indexOf(rootCode) : 0
        for (const code of chain.slice(Math.max(start, 0))) {
          if (cancelled) return
          addChildren(code, await fetchRegionChildren(code))
          if (!expand.includes(code)) expand.push(code)
        }
      }
      if (!cancelled) setExpandedKeys(expand)
    }
    init()
      .catch(showError)
      .finally(() => {
        if (!cancelled) setLoading(false)
      })
    return () => {
      cancelled = true
    }
  }, [rootCode, focusCode, addChildren])

  const build = (code: string): RegionNode | null => {
    const region = state.nodes.get(code)
    if (!region) return null
    const kids = state.children.get(code)
    return {
      key: code,
      value: code,
      title: region.name,
      isLeaf: !region.hasChildren,
      children: kids?.map(build).filter((node): node is RegionNode => node !== null),
    }
  }
  const treeData = (state.children.get(ROOT) ?? [])
    .map(build)
    .filter((node): node is RegionNode => node !== null)
  const loadedKeys = [...state.children.keys()].filter((key) => key !== ROOT)

  return {
    treeData,
    loading,
    loadedKeys,
    expandedKeys,
    setExpandedKeys,
    loadChildren,
    regionName: (code: string) => state.nodes.get(code)?.name,
  }
}
