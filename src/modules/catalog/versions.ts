import type { RequestContext } from '../../platform/context.ts'
import type { Db } from '../../platform/db/index.ts'
import type { Json, JsonObject } from '../../platform/db/schema.ts'
import { catalogError } from './errors.ts'
import { readableResource } from './resources.ts'
import { t } from './store.ts'

export interface VersionSummary {
  version: number
  publishedAt: string
  publishedBy: string | null
  name: string
  fieldCount: number
}

export async function listVersions(db: Db, ctx: RequestContext, id: string): Promise<VersionSummary[]> {
  await readableResource(db, ctx.actor, id)
  const rows = await t(db)
    .selectFrom('resourceVersions')
    .selectAll()
    .where('resourceId', '=', id)
    .orderBy('version', 'desc')
    .execute()
  return rows.map((r) => ({
    version: r.version,
    publishedAt: r.publishedAt.toISOString(),
    publishedBy: r.publishedBy,
    name: String(r.snapshot.name ?? ''),
    fieldCount: Array.isArray(r.snapshot.fields) ? r.snapshot.fields.length : 0,
  }))
}

export async function getVersion(
  db: Db,
  ctx: RequestContext,
  id: string,
  version: number,
): Promise<JsonObject> {
  await readableResource(db, ctx.actor, id)
  const row = await t(db)
    .selectFrom('resourceVersions')
    .select('snapshot')
    .where('resourceId', '=', id)
    .where('version', '=', version)
    .executeTakeFirst()
  if (!row) throw catalogError('catalog.version_not_found')
  return row.snapshot
}

export interface Change {
  /** `metadata.<key>` or `fields.<code>.<key>` or `fields.<code>` (added/removed). */
  path: string
  kind: 'added' | 'removed' | 'changed'
  before: Json | null
  after: Json | null
}

const IGNORED = new Set(['version', 'publishedAt', 'status', 'createdAt', 'fields', 'id'])

function same(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}

function fieldMap(snapshot: JsonObject): Map<string, JsonObject> {
  const fields = Array.isArray(snapshot.fields) ? snapshot.fields : []
  const out = new Map<string, JsonObject>()
  for (const f of fields) {
    if (f && typeof f === 'object' && !Array.isArray(f) && typeof f.code === 'string') out.set(f.code, f)
  }
  return out
}

/** Field-by-field difference between two snapshots; fields are matched by their column code. */
export function diffSnapshots(from: JsonObject, to: JsonObject): Change[] {
  const changes: Change[] = []
  const keys = new Set([...Object.keys(from), ...Object.keys(to)])
  for (const key of [...keys].sort()) {
    if (IGNORED.has(key) || same(from[key], to[key])) continue
    changes.push({
      path: `metadata.${key}`,
      kind: 'changed',
      before: from[key] ?? null,
      after: to[key] ?? null,
    })
  }
  const a = fieldMap(from)
  const b = fieldMap(to)
  for (const [code, f] of a) {
    const g = b.get(code)
    if (!g) {
      changes.push({ path: `fields.${code}`, kind: 'removed', before: f, after: null })
      continue
    }
    for (const k of new Set([...Object.keys(f), ...Object.keys(g)])) {
      if (k === 'id' || k === 'position' || same(f[k], g[k])) continue
      changes.push({
        path: `fields.${code}.${k}`,
        kind: 'changed',
        before: f[k] ?? null,
        after: g[k] ?? null,
      })
    }
  }
  for (const [code, g] of b)
    if (!a.has(code)) changes.push({ path: `fields.${code}`, kind: 'added', before: null, after: g })
  return changes
}

export async function diffVersions(
  db: Db,
  ctx: RequestContext,
  id: string,
  from: number,
  to: number,
): Promise<Change[]> {
  return diffSnapshots(await getVersion(db, ctx, id, from), await getVersion(db, ctx, id, to))
}
