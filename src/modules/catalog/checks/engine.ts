import { type ExpressionBuilder, sql } from 'kysely'
import type { Db } from '../../../platform/db/index.ts'
import {
  foldText,
  type OpenType,
  type ResourceStatus,
  type ShareType,
  STALE_AFTER_DAYS,
  termLabel,
  UPDATE_FREQUENCIES,
  type UpdateFrequency,
} from '../vocabulary.ts'
import { mountColumnsProvider } from './mount-columns.ts'
import type { CheckScope } from './scope.ts'
import type { CheckTables } from './tables.ts'
import { type CheckCode, PLACEHOLDER_CONDITIONS, TYPES_NEEDING_LENGTH } from './vocabulary.ts'

export const ct = (db: Db) => db.withTables<CheckTables>()

export interface Finding {
  readonly resourceId: string
  readonly orgId: string
  readonly regionCode: string
  readonly check: CheckCode
  readonly messageZh: string
}

/** What one run looked at: every non-retired resource in scope, with its org, for the scores. */
export interface Examined {
  readonly resources: readonly { id: string; orgId: string; regionCode: string }[]
  readonly findings: readonly Finding[]
}

const DAY_MS = 86_400_000

type ResourcesEb = ExpressionBuilder<CheckTables, 'resources'>

export function inScope(scope: CheckScope) {
  return (eb: ResourcesEb) => {
    const parts = [eb('resources.status', '!=', 'retired')]
    if (scope.regionPrefix) parts.push(eb('resources.regionCode', 'like', `${scope.regionPrefix}%`))
    if (scope.orgId) parts.push(eb('resources.orgId', '=', scope.orgId))
    return eb.and(parts)
  }
}

const blank = (s: string | null | undefined) => !s?.trim()
const placeholders = new Set(PLACEHOLDER_CONDITIONS.map(foldText))
const emptyCondition = (s: string | null | undefined) => blank(s) || placeholders.has(foldText(s ?? ''))

type ExaminedRow = {
  summary: string
  className: string
  shareType: ShareType
  shareCondition: string | null
  shareMethod: string | null
  openType: OpenType
  openCondition: string | null
  status: ResourceStatus
  publishDate: string | null
  fieldCount: number | string | bigint | null
  mountStatus: string
  updateFrequency: UpdateFrequency
  lastDataUpdateAt: Date | null
}

/** The checks that need only the resource itself: metadata, conditions, mount state, freshness. */
function resourceFindings(r: ExaminedRow, now: Date): [CheckCode, string][] {
  const out: [CheckCode, string][] = []
  const missing: string[] = []
  if (blank(r.summary)) missing.push('信息资源摘要')
  if (blank(r.className)) missing.push('分类名称')
  if (r.shareType !== 'none' && blank(r.shareMethod)) missing.push('共享方式')
  if (Number(r.fieldCount ?? 0) === 0) missing.push('信息项')
  if (r.status === 'published' && !r.publishDate) missing.push('发布日期')
  if (missing.length) out.push(['missing_metadata', `缺少：${missing.join('、')}`])

  if (r.shareType !== 'unconditional' && emptyCondition(r.shareCondition)) {
    out.push([
      'condition_missing',
      r.shareType === 'conditional' ? '有条件共享但未填写共享条件' : '不予共享但未填写法律法规或政策依据',
    ])
  }
  if (r.openType === 'conditional' && emptyCondition(r.openCondition)) {
    out.push(['condition_missing', '有条件开放但未填写开放条件'])
  }

  if (r.status === 'published' && r.mountStatus !== 'mounted') {
    out.push([
      'published_unmounted',
      r.mountStatus === 'error' ? '已发布，但挂接出错，无法访问实际数据' : '已发布，但尚未挂接实际数据',
    ])
  }
  const days = STALE_AFTER_DAYS[r.updateFrequency]
  if (r.status === 'published' && days !== null) {
    const label = termLabel(UPDATE_FREQUENCIES, r.updateFrequency)
    if (r.lastDataUpdateAt) {
      const age = Math.floor((now.getTime() - r.lastDataUpdateAt.getTime()) / DAY_MS)
      if (age > days)
        out.push(['stale', `更新周期为「${label}」，但数据已 ${age} 天未更新（允许 ${days} 天）`])
    } else if (r.mountStatus === 'mounted') {
      out.push(['stale', `更新周期为「${label}」，但挂接后从未记录数据更新`])
    }
  }
  return out
}

/**
 * Runs every check over the resources in scope and returns the findings, without writing anything. Checks that
 * need the whole province (duplicate codes, 一数一源) look beyond the scope but report only resources inside it.
 */
export async function examine(db: Db, scope: CheckScope, now: Date = new Date()): Promise<Examined> {
  const rows = await ct(db)
    .selectFrom('resources')
    .select([
      'resources.id',
      'resources.orgId',
      'resources.regionCode',
      'resources.code',
      'resources.name',
      'resources.summary',
      'resources.className',
      'resources.status',
      'resources.shareType',
      'resources.shareCondition',
      'resources.shareMethod',
      'resources.openType',
      'resources.openCondition',
      'resources.updateFrequency',
      'resources.publishDate',
      'resources.mountStatus',
      'resources.lastDataUpdateAt',
      (eb) =>
        eb
          .selectFrom('resourceFields as f')
          .select((fb) => fb.fn.countAll<number>().as('n'))
          .whereRef('f.resourceId', '=', 'resources.id')
          .as('fieldCount'),
    ])
    .where(inScope(scope))
    .orderBy('resources.id')
    .execute()
  const findings: Finding[] = []
  const byId = new Map(rows.map((r) => [r.id, r]))
  const add = (id: string, check: CheckCode, messageZh: string) => {
    const r = byId.get(id)
    if (r) findings.push({ resourceId: id, orgId: r.orgId, regionCode: r.regionCode, check, messageZh })
  }

  const names = new Map<string, string[]>()
  for (const r of rows) {
    for (const [check, message] of resourceFindings(r, now)) add(r.id, check, message)
    const key = `${r.orgId}\u0000${foldText(r.name)}`
    names.set(key, [...(names.get(key) ?? []), r.id])
  }
  for (const ids of names.values()) {
    if (ids.length < 2) continue
    const codes = ids.map((id) => byId.get(id)?.code ?? '')
    for (const id of ids) {
      const others = codes.filter((c) => c !== byId.get(id)?.code)
      add(id, 'duplicate_name', `本单位另有同名资源：${others.join('、')}`)
    }
  }

  for (const f of await duplicateCodes(db)) {
    if (!byId.has(f.id)) continue
    add(f.id, 'duplicate_code', `资源代码 ${f.code} 与 ${f.others.join('、')} 实为同一代码`)
  }
  for (const f of await multiSourceElements(db)) {
    if (!byId.has(f.resourceId)) continue
    add(
      f.resourceId,
      'element_multi_source',
      `标准数据元 ${f.elementCode} 另有权威来源：${f.others.join('、')}（一数一源）`,
    )
  }
  if (rows.length) {
    for (const [id, codes] of await unsizedFields(db, scope))
      add(id, 'field_type_incomplete', `字符型或数值型信息项未填写长度：${codes.join('、')}`)
  }
  findings.push(...(await mountMismatches(db, rows)))
  return { resources: rows.map((r) => ({ id: r.id, orgId: r.orgId, regionCode: r.regionCode })), findings }
}

/** Field codes per resource in scope whose type needs a length that is missing. */
async function unsizedFields(db: Db, scope: CheckScope): Promise<Map<string, string[]>> {
  const rows = await ct(db)
    .selectFrom('resourceFields as f')
    .innerJoin('resources', 'resources.id', 'f.resourceId')
    .select(['f.resourceId', 'f.code'])
    .where(inScope(scope))
    .where('f.dataType', 'in', [...TYPES_NEEDING_LENGTH])
    .where('f.length', 'is', null)
    .orderBy('f.resourceId')
    .orderBy('f.position')
    .execute()
  const grouped = new Map<string, string[]>()
  for (const f of rows) grouped.set(f.resourceId, [...(grouped.get(f.resourceId) ?? []), f.code])
  return grouped
}

/**
 * Codes are unique as stored, but legacy spellings of the same code (101001/1 and 101001/000001, stray spaces or
 * case) still name one resource twice. Retired resources count: their codes are never to be reused.
 */
async function duplicateCodes(db: Db): Promise<{ id: string; code: string; others: string[] }[]> {
  const norm = sql<string>`lower(trim(split_part(code, '/', 1))) || '/' || ltrim(trim(split_part(code, '/', 2)), '0')`
  const rows = await ct(db)
    .selectFrom('resources')
    .select(['id', 'code', norm.as('norm')])
    .where(
      norm,
      'in',
      ct(db)
        .selectFrom('resources')
        .select(norm.as('k'))
        .groupBy(norm)
        .having((eb) => eb.fn.countAll(), '>', 1),
    )
    .orderBy('code')
    .execute()
  const groups = new Map<string, string[]>()
  for (const r of rows) groups.set(r.norm, [...(groups.get(r.norm) ?? []), r.code])
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    others: (groups.get(r.norm) ?? []).filter((c) => c !== r.code),
  }))
}

/** 一数一源: a standard data element may have one authoritative resource; retired resources no longer count. */
async function multiSourceElements(
  db: Db,
): Promise<{ resourceId: string; elementCode: string; others: string[] }[]> {
  const rows = await ct(db)
    .selectFrom('resourceFields as f')
    .innerJoin('resources as r', 'r.id', 'f.resourceId')
    .select(['f.resourceId', 'f.elementCode', 'r.code'])
    .where('f.authoritative', '=', true)
    .where('r.status', '!=', 'retired')
    .where('f.elementCode', 'in', (eb) =>
      eb
        .selectFrom('resourceFields as g')
        .innerJoin('resources as s', 's.id', 'g.resourceId')
        .select('g.elementCode')
        .where('g.authoritative', '=', true)
        .where('s.status', '!=', 'retired')
        .where('g.elementCode', 'is not', null)
        .groupBy('g.elementCode')
        .having((hb) => hb.fn.count(hb.fn('distinct', ['g.resourceId'])), '>', 1),
    )
    .orderBy('f.elementCode')
    .orderBy('r.code')
    .execute()
  const sources = new Map<string, Map<string, string>>()
  for (const r of rows) {
    const element = r.elementCode ?? ''
    const byResource = sources.get(element) ?? new Map<string, string>()
    byResource.set(r.resourceId, r.code)
    sources.set(element, byResource)
  }
  const out: { resourceId: string; elementCode: string; others: string[] }[] = []
  for (const [elementCode, byResource] of sources) {
    for (const resourceId of byResource.keys()) {
      const others = [...byResource].filter(([id]) => id !== resourceId).map(([, code]) => code)
      out.push({ resourceId, elementCode, others })
    }
  }
  return out
}

/** Compares declared field codes with the real data's columns, when the mount module provides them. */
async function mountMismatches(
  db: Db,
  rows: readonly { id: string; orgId: string; regionCode: string; mountStatus: string }[],
): Promise<Finding[]> {
  const provider = mountColumnsProvider()
  const mounted = rows.filter((r) => r.mountStatus === 'mounted')
  if (!provider || mounted.length === 0) return []
  const out: Finding[] = []
  for (let i = 0; i < mounted.length; i += 500) {
    const batch = mounted.slice(i, i + 500)
    const columns = await provider(
      db,
      batch.map((r) => r.id),
    )
    const fields = await ct(db)
      .selectFrom('resourceFields')
      .select(['resourceId', 'code'])
      .where(
        'resourceId',
        'in',
        batch.map((r) => r.id),
      )
      .execute()
    for (const r of batch) {
      const actual = columns.get(r.id)
      if (!actual) continue
      const have = new Set(actual.map((c) => c.toLowerCase()))
      const declared = fields.filter((f) => f.resourceId === r.id).map((f) => f.code.toLowerCase())
      const missing = declared.filter((c) => !have.has(c))
      const extra = [...have].filter((c) => !declared.includes(c))
      if (missing.length || extra.length) {
        const parts = [
          ...(missing.length ? [`数据中缺少信息项：${missing.join('、')}`] : []),
          ...(extra.length ? [`数据中有未登记的列：${extra.join('、')}`] : []),
        ]
        out.push({
          resourceId: r.id,
          orgId: r.orgId,
          regionCode: r.regionCode,
          check: 'mount_columns_mismatch',
          messageZh: parts.join('；'),
        })
      }
    }
  }
  return out
}
