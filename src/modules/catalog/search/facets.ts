import type { Db } from '../../../platform/db/index.ts'
import { listRegions, orgSummaries } from '../../identity/index.ts'
import { CATEGORIES, OPEN_TYPES, SHARE_TYPES, type Term, UPDATE_FREQUENCIES } from '../vocabulary.ts'

export interface FacetValue {
  value: string
  label: string
  count: number
}

export interface Facets {
  orgs: FacetValue[]
  regions: FacetValue[]
  shareTypes: FacetValue[]
  openTypes: FacetValue[]
  categories: FacetValue[]
  updateFrequencies: FacetValue[]
}

/** One row of the grouping-sets query: exactly one of the dimensions is set. */
export interface FacetRow {
  orgId: string | null
  regionCode: string | null
  shareType: string | null
  openType: string | null
  category: string | null
  updateFrequency: string | null
  n: number | string
}

/** Values shown per dimension; orgs and regions can be many, the vocabularies are short anyway. */
const MAX_VALUES = 50

function byCount(values: FacetValue[]): FacetValue[] {
  return values.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)).slice(0, MAX_VALUES)
}

function vocabularyFacet(rows: readonly FacetRow[], key: keyof FacetRow, terms: readonly Term<string>[]) {
  const label = new Map(terms.map((t) => [t.code, t.zh]))
  return byCount(
    rows.flatMap((r) => {
      const v = r[key]
      return typeof v === 'string' && key !== 'n'
        ? [{ value: v, label: label.get(v) ?? v, count: Number(r.n) }]
        : []
    }),
  )
}

/** GB/T 2260: the parent of 430302 is 430300, of 430300 is 430000. */
function parentOf(code: string): string | undefined {
  if (code.endsWith('0000')) return undefined
  return code.endsWith('00') ? `${code.slice(0, 2)}0000` : `${code.slice(0, 4)}00`
}

/** Region names change only when the directory is reloaded; a short cache saves every search two queries. */
const REGION_TTL_MS = 60_000
const regionCache = new Map<string, { at: number; names: Map<string, string> }>()

async function childrenOf(db: Db, parent: string | undefined): Promise<Map<string, string>> {
  const key = parent ?? ''
  const hit = regionCache.get(key)
  if (hit && Date.now() - hit.at < REGION_TTL_MS) return hit.names
  const names = new Map<string, string>()
  try {
    for (const r of await listRegions(db, parent)) names.set(r.code, r.name)
  } catch {
    // A code outside the directory keeps its code as the label.
  }
  regionCache.set(key, { at: Date.now(), names })
  return names
}

/** Region names through identity's directory, one query per parent region (a handful), cached briefly. */
async function regionLabels(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>()
  for (const parent of new Set(codes.map(parentOf))) {
    for (const [code, name] of await childrenOf(db, parent)) names.set(code, name)
  }
  return names
}

/** Turns grouping-sets rows into labelled facets. */
export async function facetsOf(db: Db, rows: readonly FacetRow[]): Promise<Facets> {
  const orgRows = rows.filter((r) => r.orgId !== null)
  const regionRows = rows.filter((r) => r.regionCode !== null)
  const orgs = byCount(orgRows.map((r) => ({ value: r.orgId ?? '', label: '', count: Number(r.n) })))
  const regions = byCount(
    regionRows.map((r) => ({ value: r.regionCode ?? '', label: '', count: Number(r.n) })),
  )
  const orgNames = await orgSummaries(
    db,
    orgs.map((o) => o.value),
  )
  const regionNames = await regionLabels(
    db,
    regions.map((r) => r.value),
  )
  for (const o of orgs) o.label = orgNames.get(o.value)?.name ?? o.value
  for (const r of regions) r.label = regionNames.get(r.value) ?? r.value
  return {
    orgs,
    regions,
    shareTypes: vocabularyFacet(rows, 'shareType', SHARE_TYPES),
    openTypes: vocabularyFacet(rows, 'openType', OPEN_TYPES),
    categories: vocabularyFacet(rows, 'category', CATEGORIES),
    updateFrequencies: vocabularyFacet(rows, 'updateFrequency', UPDATE_FREQUENCIES),
  }
}
