import { sql } from 'kysely'
import type { Actor } from '../../../platform/context.ts'
import type { Db } from '../../../platform/db/index.ts'
import { isRegionCodeFormat, regionPrefix } from '../../../platform/validators/index.ts'
import { orgSummaries } from '../../identity/index.ts'
import { visibleTo } from '../listing.ts'
import { t } from '../store.ts'
import {
  CATEGORIES,
  type Category,
  OPEN_TYPES,
  type OpenType,
  SHARE_TYPES,
  type ShareType,
} from '../vocabulary.ts'

/** Prefix of a region subtree; a malformed code stays whole, so it matches no resource. */
const subtree = (code: string) => (isRegionCodeFormat(code) ? regionPrefix(code) : code)

export interface LedgerCounts {
  resources: number
  fields: number
  published: number
  /** published / resources, in percent with one decimal; 0 when there are no resources. */
  publishedPct: number
  /** Published and mounted resources. */
  mounted: number
  /** Mount rate: published & mounted / published, in percent with one decimal; 0 when nothing is published. */
  mountedPct: number
  byShareType: Record<ShareType, number>
  byOpenType: Record<OpenType, number>
  byCategory: Record<Category, number>
}

export interface LedgerOrg extends LedgerCounts {
  orgId: string
  orgName: string
  regionCode: string
}

export interface LedgerRegion extends LedgerCounts {
  regionCode: string
  orgCount: number
}

export interface Ledger {
  orgs: LedgerOrg[]
  regions: LedgerRegion[]
  total: LedgerCounts & { orgCount: number }
}

const pct = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10)

function zeros<C extends string>(terms: readonly { code: C }[]): Record<C, number> {
  return Object.fromEntries(terms.map((term) => [term.code, 0])) as Record<C, number>
}

function emptyCounts(): LedgerCounts {
  return {
    resources: 0,
    fields: 0,
    published: 0,
    publishedPct: 0,
    mounted: 0,
    mountedPct: 0,
    byShareType: zeros(SHARE_TYPES),
    byOpenType: zeros(OPEN_TYPES),
    byCategory: zeros(CATEGORIES),
  }
}

function addInto(into: LedgerCounts, from: LedgerCounts): void {
  into.resources += from.resources
  into.fields += from.fields
  into.published += from.published
  into.mounted += from.mounted
  for (const k of Object.keys(from.byShareType) as ShareType[]) into.byShareType[k] += from.byShareType[k]
  for (const k of Object.keys(from.byOpenType) as OpenType[]) into.byOpenType[k] += from.byOpenType[k]
  for (const k of Object.keys(from.byCategory) as Category[]) into.byCategory[k] += from.byCategory[k]
}

function withRates<T extends LedgerCounts>(c: T): T {
  c.publishedPct = pct(c.published, c.resources)
  c.mountedPct = pct(c.mounted, c.published)
  return c
}

/**
 * The 一本账: per provider org and per region, what the actor may see of the catalog (published entries for
 * everyone signed in, drafts only for their org and its reviewers — the same rule as the listing). Retired
 * resources have left the catalog and are not counted. One grouped query, whatever the number of resources.
 */
export async function ledger(
  db: Db,
  actor: Actor,
  query: { regionCode?: string | undefined; orgId?: string | undefined },
): Promise<Ledger> {
  // Aliases carry no underscore: the camel-case plugin would rename them in the result rows.
  const counted = (column: string, code: string) =>
    sql<number>`count(*) filter (where ${sql.ref(`resources.${column}`)} = ${code})`
  let q = t(db)
    .selectFrom('resources')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('resourceFields')
          .select(['resourceId', (fb) => fb.fn.countAll<number>().as('n')])
          .groupBy('resourceId')
          .as('fc'),
      (join) => join.onRef('fc.resourceId', '=', 'resources.id'),
    )
    .where(visibleTo(actor))
    .where('resources.status', '!=', 'retired')
    .select([
      'resources.orgId',
      'resources.regionCode',
      (eb) => eb.fn.countAll<number>().as('resources'),
      sql<number>`coalesce(sum(fc.n), 0)`.as('fields'),
      sql<number>`count(*) filter (where resources.status = 'published')`.as('published'),
      sql<number>`count(*) filter (where resources.status = 'published' and resources.mount_status = 'mounted')`.as(
        'mounted',
      ),
      ...SHARE_TYPES.map((s, i) => counted('shareType', s.code).as(`share${i}`)),
      ...OPEN_TYPES.map((o, i) => counted('openType', o.code).as(`open${i}`)),
      ...CATEGORIES.map((c, i) => counted('category', c.code).as(`category${i}`)),
    ])
    .groupBy(['resources.orgId', 'resources.regionCode'])
  if (query.orgId) q = q.where('resources.orgId', '=', query.orgId)
  // A code outside GB/T 2260 matches nothing rather than being ignored.
  if (query.regionCode) q = q.where('resources.regionCode', 'like', `${subtree(query.regionCode)}%`)
  const rows = (await q.execute()) as unknown as Record<string, string | number>[]
  const names = await orgSummaries(
    db,
    rows.map((r) => String(r.orgId)),
  )
  const n = (r: Record<string, string | number>, k: string) => Number(r[k] ?? 0)
  const orgs: LedgerOrg[] = rows.map((r) => {
    const c = emptyCounts()
    c.resources = n(r, 'resources')
    c.fields = n(r, 'fields')
    c.published = n(r, 'published')
    c.mounted = n(r, 'mounted')
    for (const [i, s] of SHARE_TYPES.entries()) c.byShareType[s.code] = n(r, `share${i}`)
    for (const [i, o] of OPEN_TYPES.entries()) c.byOpenType[o.code] = n(r, `open${i}`)
    for (const [i, k] of CATEGORIES.entries()) c.byCategory[k.code] = n(r, `category${i}`)
    const orgId = String(r.orgId)
    return withRates({
      orgId,
      orgName: names.get(orgId)?.name ?? '',
      regionCode: String(r.regionCode).trim(),
      ...c,
    })
  })
  orgs.sort(
    (a, b) =>
      a.regionCode.localeCompare(b.regionCode) ||
      a.orgName.localeCompare(b.orgName, 'zh') ||
      a.orgId.localeCompare(b.orgId),
  )
  const regions = new Map<string, LedgerRegion>()
  const total = { ...emptyCounts(), orgCount: 0 }
  for (const o of orgs) {
    const region = regions.get(o.regionCode) ?? { regionCode: o.regionCode, orgCount: 0, ...emptyCounts() }
    addInto(region, o)
    region.orgCount += 1
    regions.set(o.regionCode, region)
    addInto(total, o)
    total.orgCount += 1
  }
  return {
    orgs,
    regions: [...regions.values()].map(withRates).sort((a, b) => a.regionCode.localeCompare(b.regionCode)),
    total: withRates(total),
  }
}
