/**
 * How each row of a file meets the catalogue: duplicates within the file, 数源部门 names, and which existing
 * resource (by code, else by name within the org) a row updates, or why it may not.
 */
import type { Db, Trx } from '../../../platform/db/index.ts'
import { orgIdsByNames, orgSummaries } from '../../identity/index.ts'
import { t } from '../store.ts'
import { RESOURCE_STATUSES, type ResourceStatus, termLabel } from '../vocabulary.ts'
import { columnLetter } from './cells.ts'
import type { Converted } from './convert.ts'
import type { Problem } from './parse.ts'

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export interface Existing {
  id: string
  orgId: string
  code: string
  name: string
  status: ResourceStatus
  classCode: string
}

export interface Planned {
  c: Converted
  action: 'create' | 'update'
  target?: Existing
}

export function problemAt(c: Converted, key: 'name' | 'code' | 'sourceOrg', message: string): Problem {
  const cell = c.raw.cells.get(key)
  const col = cell?.col ?? c.raw.columns.get(key) ?? null
  const header = key === 'name' ? '信息资源名称' : key === 'code' ? '信息资源代码' : '数源部门'
  return {
    sheet: cell?.sheet ?? c.raw.sheet,
    row: cell?.row ?? c.raw.row,
    column: col ? columnLetter(col) : null,
    header,
    message: `${header}：${message}`,
  }
}

export function markDuplicates(items: readonly Converted[]): void {
  const codes = new Map<string, Converted>()
  const names = new Map<string, Converted>()
  for (const c of items) {
    const code = c.input.code
    if (code) {
      const first = codes.get(code)
      if (first) c.problems.push(problemAt(c, 'code', `与第 ${first.raw.row} 行重复`))
      else codes.set(code, c)
    }
    const name = c.input.name.trim()
    if (name) {
      const first = names.get(name)
      if (first) c.problems.push(problemAt(c, 'name', `与第 ${first.raw.row} 行重名`))
      else names.set(name, c)
    }
  }
}

export async function resolveSourceOrgs(
  db: Db,
  items: readonly Converted[],
  org: { id: string; name: string },
) {
  const ids = [...new Set(items.map((c) => c.sourceOrgText).filter((s) => UUID_RE.test(s)))]
  const known = await orgSummaries(db, ids)
  const byName = await orgIdsByNames(
    db,
    items.map((c) => c.sourceOrgText).filter((s) => s && !UUID_RE.test(s)),
  )
  for (const c of items) {
    const s = c.sourceOrgText
    if (!s) continue
    const named = byName.get(s) ?? []
    if (UUID_RE.test(s) && known.has(s.toLowerCase())) c.input.sourceOrgId = s.toLowerCase()
    else if (s === org.name) c.input.sourceOrgId = org.id
    else if (named.length === 1) c.input.sourceOrgId = named[0]
    else if (named.length > 1)
      c.problems.push(problemAt(c, 'sourceOrg', `有多个名为“${s}”的单位，请填写单位ID`))
    else c.problems.push(problemAt(c, 'sourceOrg', `“${s}”不是平台中的单位（请填写单位名称或ID，或留空）`))
  }
}

export async function existingRows(trx: Trx, orgId: string, items: readonly Converted[]) {
  const byCode = new Map<string, Existing>()
  const byName = new Map<string, Existing>()
  const cols = ['id', 'orgId', 'code', 'name', 'status', 'classCode'] as const
  const codes = [...new Set(items.flatMap((c) => (c.input.code ? [c.input.code] : [])))]
  const names = [...new Set(items.map((c) => c.input.name.trim()).filter(Boolean))]
  for (let i = 0; i < codes.length; i += 1000) {
    const rows = await t(trx)
      .selectFrom('resources')
      .select(cols)
      .where('code', 'in', codes.slice(i, i + 1000))
      .execute()
    for (const r of rows) byCode.set(r.code, r)
  }
  for (let i = 0; i < names.length; i += 1000) {
    const rows = await t(trx)
      .selectFrom('resources')
      .select(cols)
      .where('orgId', '=', orgId)
      .where('status', '!=', 'retired')
      .where('name', 'in', names.slice(i, i + 1000))
      .execute()
    for (const r of rows) byName.set(r.name, r)
  }
  return { byCode, byName }
}

export function decide(
  c: Converted,
  orgId: string,
  byCode: Map<string, Existing>,
  byName: Map<string, Existing>,
): Planned | null {
  const code = c.input.code
  const sameCode = code ? byCode.get(code) : undefined
  const sameName = byName.get(c.input.name.trim())
  let target: Existing | undefined
  if (sameCode) {
    if (sameCode.orgId !== orgId) {
      c.problems.push(problemAt(c, 'code', '已被其他单位的资源使用'))
      return null
    }
    if (sameName && sameName.id !== sameCode.id) {
      c.problems.push(problemAt(c, 'name', `本单位已有同名资源（代码 ${sameName.code}）`))
      return null
    }
    target = sameCode
  } else if (sameName) {
    if (code) {
      c.problems.push(problemAt(c, 'name', `本单位已有同名资源（代码 ${sameName.code}），与填写的代码不一致`))
      return null
    }
    target = sameName
  }
  if (!target) return { c, action: 'create' }
  if (target.status !== 'draft' && target.status !== 'returned') {
    c.problems.push(
      problemAt(
        c,
        code ? 'code' : 'name',
        `对应资源（${target.code}）${termLabel(RESOURCE_STATUSES, target.status)}，不能通过导入修改；请先撤回为草稿`,
      ),
    )
    return null
  }
  return { c, action: 'update', target }
}
