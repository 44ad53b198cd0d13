import { sql } from 'kysely'
import type { Db } from '../../../platform/db/index.ts'
import type { PageWindow } from '../../../platform/http/index.ts'
import { getRegion, orgSummaries, provinceBureau } from '../../identity/index.ts'
import { t } from '../store.ts'
import type { ResourceRow } from '../tables.ts'
import { CATEGORIES, type OpenType, termLabel, type UpdateFrequency } from '../vocabulary.ts'
import { iri, plain, type RdfNode, type RdfObject, typed, zh } from './rdf.ts'

const EU = 'http://publications.europa.eu/resource/authority'

/** Our update frequencies in the EU frequency vocabulary (DCAT-AP's dct:accrualPeriodicity range). */
export const EU_FREQUENCY: Record<UpdateFrequency, string> = {
  realtime: `${EU}/frequency/CONT`,
  daily: `${EU}/frequency/DAILY`,
  weekly: `${EU}/frequency/WEEKLY`,
  monthly: `${EU}/frequency/MONTHLY`,
  quarterly: `${EU}/frequency/QUARTERLY`,
  half_yearly: `${EU}/frequency/ANNUAL_2`,
  yearly: `${EU}/frequency/ANNUAL`,
  irregular: `${EU}/frequency/IRREG`,
}

/** Open types of the open catalog in the EU access-right vocabulary. */
const EU_ACCESS_RIGHT: Record<Exclude<OpenType, 'closed'>, string> = {
  open: `${EU}/access-right/PUBLIC`,
  conditional: `${EU}/access-right/RESTRICTED`,
}

/** Where the web console shows a resource: the distribution's access URL and the base of the dataset's IRI. */
export const portalResourcePath = (id: string) => `/catalog/resources/${id}`

export interface DcatPage {
  nodes: RdfNode[]
  total: number
  page: number
  pageSize: number
}

interface Publisher {
  id: string | null
  name: string
  regionCode: string | null
}

async function provinceName(db: Db, regionCode: string | null): Promise<string> {
  if (!regionCode) return ''
  const region = await getRegion(db, `${regionCode.slice(0, 2)}0000`).catch(() => null)
  return region?.name ?? ''
}

const PUBLISHER_CACHE_MS = 60_000
/** Per database handle, so tests with several databases in one process never mix them. */
const publisherCache = new WeakMap<Db, { at: number; value: { publisher: Publisher; province: string } }>()

/**
 * The publisher and province of the whole open catalog, the same on every page. Cached for a minute (like the
 * calendar) because the lookup walks the org tree and the endpoint is public.
 */
async function publisherOfCatalog(db: Db): Promise<{ publisher: Publisher; province: string }> {
  const cached = publisherCache.get(db)
  if (cached && Date.now() - cached.at < PUBLISHER_CACHE_MS) return cached.value
  const providers = await t(db)
    .selectFrom('resources')
    .select(['orgId', 'regionCode'])
    .distinct()
    .where('status', '=', 'published')
    .where('openType', '!=', 'closed')
    .orderBy('orgId')
    .orderBy('regionCode')
    .limit(50)
    .execute()
  const bureau = await provinceBureau(db)
  const found: Publisher | null = bureau
    ? { id: bureau.id, name: bureau.name, regionCode: bureau.regionCode }
    : null
  const province = await provinceName(db, found?.regionCode ?? providers[0]?.regionCode ?? null)
  const publisher = found ?? { id: null, name: `${province}公共数据主管部门`, regionCode: null }
  const value = { publisher, province }
  // An empty catalog is not cached: the first published entry should name the right publisher at once.
  if (providers.length) publisherCache.set(db, { at: Date.now(), value })
  return value
}

interface NodeRefs {
  base: string
  /** IRI of the provider org's foaf:Agent node, added once. */
  agent(orgId: string): string
  /** A shared node of a controlled vocabulary (frequency, access right, page), typed once. */
  concept(id: string, type: string): RdfObject
}

/** A published open resource as dcat:Dataset with one dcat:Distribution: its page on the portal. */
function describeResource(r: ResourceRow, refs: NodeRefs): [RdfNode, RdfNode] {
  const page = `${refs.base}${portalResourcePath(r.id)}`
  const datasetId = `${page}#dataset`
  const keywords = [
    ...new Set([
      termLabel(CATEGORIES, r.category),
      ...r.className
        .split(/[/／>＞]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ]),
  ]
  const props: [string, RdfObject][] = [
    ['dct:identifier', plain(r.code)],
    ['dct:title', zh(r.name)],
    // DCAT-AP requires a description; an entry without a summary falls back to its name.
    ['dct:description', zh(r.summary.trim() || r.name)],
    ['dct:publisher', iri(refs.agent(r.orgId))],
    ...keywords.map((k): [string, RdfObject] => ['dcat:keyword', zh(k)]),
    ['dct:accrualPeriodicity', refs.concept(EU_FREQUENCY[r.updateFrequency], 'dct:Frequency')],
    [
      'dct:accessRights',
      refs.concept(EU_ACCESS_RIGHT[r.openType === 'open' ? 'open' : 'conditional'], 'dct:RightsStatement'),
    ],
    ...(r.publishDate
      ? [['dct:issued', typed(String(r.publishDate).slice(0, 10), 'xsd:date')] as [string, RdfObject]]
      : []),
    ['dct:modified', typed((r.publishedAt ?? r.updatedAt).toISOString(), 'xsd:dateTime')],
    ['dcat:distribution', iri(`${page}#distribution`)],
  ]
  const distribution: RdfNode = {
    id: `${page}#distribution`,
    types: ['dcat:Distribution'],
    props: [
      ['dct:title', zh(`${r.name}（门户访问）`)],
      // DCAT-AP 3.0.0 asks for sh:class rdfs:Resource without inference, so the page says what it is.
      ['dcat:accessURL', refs.concept(page, 'rdfs:Resource')],
      ...(r.openType === 'conditional' && r.openCondition
        ? [['dct:description', zh(`开放条件：${r.openCondition}`)] as [string, RdfObject]]
        : []),
    ],
  }
  return [{ id: datasetId, types: ['dcat:Dataset'], props }, distribution]
}

function openRows(db: Db, window: PageWindow) {
  return t(db)
    .selectFrom('resources')
    .selectAll()
    .select(sql<number>`count(*) over ()`.as('fullCount'))
    .where('status', '=', 'published')
    .where('openType', '!=', 'closed')
    .orderBy('code')
    .orderBy('id')
    .limit(window.limit)
    .offset(window.offset)
    .execute()
}

/**
 * One page of the open catalog (published, openType ≠ closed) as DCAT-AP 3 nodes. IRIs derive from `base`
 * (scheme://host of the portal), so they are stable across pages and formats.
 */
export async function openCatalog(db: Db, base: string, window: PageWindow): Promise<DcatPage> {
  const rows = await openRows(db, window)
  const total = rows[0]
    ? Number(rows[0].fullCount)
    : Number(
        (
          await t(db)
            .selectFrom('resources')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('status', '=', 'published')
            .where('openType', '!=', 'closed')
            .executeTakeFirstOrThrow()
        ).n,
      )
  const orgs = await orgSummaries(
    db,
    rows.map((r) => r.orgId),
  )
  const { publisher, province } = await publisherOfCatalog(db)
  const catalogId = `${base}/catalog`
  const agentId = (orgId: string | null) => (orgId ? `${base}/orgs/${orgId}` : `${catalogId}#publisher`)
  const agents = new Map<string, RdfNode>()
  const addAgent = (orgId: string | null, name: string) => {
    const id = agentId(orgId)
    if (!agents.has(id)) agents.set(id, { id, types: ['foaf:Agent'], props: [['foaf:name', zh(name)]] })
    return id
  }
  const catalogPublisher = addAgent(publisher.id, publisher.name)
  const concepts = new Map<string, RdfNode>()
  const concept = (id: string, type: string) => {
    if (!concepts.has(id)) concepts.set(id, { id, types: [type], props: [] })
    return iri(id)
  }

  const refs: NodeRefs = {
    base,
    agent: (orgId) => addAgent(orgId, orgs.get(orgId)?.name ?? orgId),
    concept,
  }
  const described = rows.map((r) => describeResource(r, refs))
  const datasets = described.map(([dataset]) => dataset)
  const nodes = described.map(([, distribution]) => distribution)
  const catalog: RdfNode = {
    id: catalogId,
    types: ['dcat:Catalog'],
    props: [
      ['dct:title', zh(`${province}公共数据开放目录`)],
      [
        'dct:description',
        zh(`${publisher.name}发布的${province}公共数据开放目录：无条件开放和有条件开放的数据资源`),
      ],
      ['dct:publisher', iri(catalogPublisher)],
      ...datasets.map((d): [string, RdfObject] => ['dcat:dataset', iri(d.id)]),
    ],
  }
  return {
    nodes: [catalog, ...datasets, ...nodes, ...agents.values(), ...concepts.values()],
    total,
    page: window.page,
    pageSize: window.pageSize,
  }
}
