/**
 * One gateway per app instance (replica): its caches, limiter, batching reader and call log. `call` runs one
 * `GET /gw/v1/{resourceCode}`: authenticate → resource → grant → validate the ask → rate/quota → read → mask.
 * What it learns along the way goes into the CallState the route logs when the response is sent.
 */

import type { Config } from '../../../platform/config.ts'
import { sm3, sm3Hmac } from '../../../platform/crypto/index.ts'
import type { Db } from '../../../platform/db/index.ts'
import { isRegionCodeFormat, regionPrefix } from '../../../platform/validators/index.ts'
import type { CellValue, FoundRow, KeyColumn, RowScopeFilter } from '../../datastore/index.ts'
import { checkValue, isPosition } from '../../datastore/index.ts'
import { t } from '../store.ts'
import { CallLog, type LogSink } from './call-log.ts'
import { type CallerApp, Credentials } from './credentials.ts'
import { decodeCursor, encodeCursor } from './cursor.ts'
import { gatewayError } from './errors.ts'
import { ExternalReader, type ExternalSource } from './external.ts'
import { type CachedGrant, GrantCache, usableGrant } from './grants.ts'
import { beijingDay, Limits } from './limits.ts'
import { applyTreatment, reviewedGrant, type Treatment, treatmentOf } from './masking.ts'
import { NonceStore } from './nonces.ts'
import { DatastoreReader } from './reader.ts'
import { type GatewayResource, ResourceCache } from './resources.ts'

export const DEFAULT_LIMIT = 20
export const MAX_LIMIT = 100
export const RESERVED_PARAMS = new Set(['fields', 'limit', 'cursor'])

/** What one call learned, for its log entry. */
export interface CallState {
  caller?: CallerApp
  resource?: GatewayResource
  grant?: CachedGrant
  fields: string[]
  filterFields: string[]
  keyHashes: string[]
  rowsReturned: number
  counted: boolean
  errorCode: string | null
}

interface Shape {
  readonly codes: string[]
  readonly plan: readonly [string, Treatment | null][]
  readonly masked: string[]
}

export interface CallResult {
  items: Record<string, CellValue>[]
  nextCursor: string | null
  masked: string[]
}

/**
 * SM3-HMAC with the server key of a key value (trimmed, upper case), as stored in the call log and searched by
 * 溯源. 128 bits are plenty to find a record and halve the size of the search index.
 */
export function traceHash(secretKey: Buffer, value: string): string {
  return sm3Hmac(secretKey, `gw-key:${value.trim().toUpperCase()}`).slice(0, 32)
}

const columnType = (f: { dataType: string }) => f.dataType as KeyColumn['dataType']

/** Cursors of an external source die when the mount moves to another database or table. */
const externalVersion = (s: ExternalSource) =>
  `x${sm3(`${s.url}\u0000${s.schema}\u0000${s.table}`).slice(0, 16)}`

/** Gateways of this process (one per app instance), so a grant change made here can evict at once. */
const live = new Set<Gateway>()

/**
 * For the grant service: forget cached grants on this process's gateways right away after a suspension or
 * revocation (other replicas notice within AUTH_CACHE_SECONDS, at most 5 s).
 */
export function evictGrantCaches(match?: { appId?: string; resourceId?: string }): void {
  for (const g of live) g.grants.forget(match)
}

export class Gateway {
  readonly config: Config
  readonly grants: GrantCache
  readonly resources: ResourceCache
  readonly limits = new Limits()
  readonly nonces: NonceStore
  readonly credentials: Credentials
  readonly reader: DatastoreReader
  readonly external: ExternalReader
  readonly log: CallLog
  readonly #shapes = new WeakMap<CachedGrant, { resource: GatewayResource; byAsked: Map<string, Shape> }>()

  constructor(db: Db, config: Config, logger: LogSink) {
    this.config = config
    this.grants = new GrantCache(db, config.authCacheSeconds)
    this.resources = new ResourceCache(db, config.secretKey)
    this.nonces = new NonceStore(db)
    this.credentials = new Credentials(db, config, this.nonces)
    this.reader = new DatastoreReader(db)
    this.external = new ExternalReader(config.mountAllowedHosts)
    this.log = new CallLog(db, this.limits, logger, async () => {
      await this.nonces.purgeExpired()
      // Quota counters matter for today only; a week is kept for looking back.
      await t(db)
        .deleteFrom('gatewayQuotaUsage')
        .where('day', '<', beijingDay(Date.now() - 7 * 86_400_000))
        .execute()
    })
    live.add(this)
  }

  hash(value: string): string {
    return traceHash(this.config.secretKey, value)
  }

  async call(
    caller: CallerApp,
    code: string,
    query: Readonly<Record<string, string | number | undefined>>,
    state: CallState,
  ): Promise<CallResult> {
    // Asked-for key values are hashed before any check, so 溯源 also finds refused attempts.
    const asked = new Map<string, string>()
    for (const [name, raw] of Object.entries(query)) {
      if (RESERVED_PARAMS.has(name) || raw === undefined) continue
      const text = String(raw)
      const hash = this.hash(text)
      asked.set(text, hash)
      state.filterFields.push(name)
      state.keyHashes.push(hash)
    }
    const resource = await this.resources.byCode(code)
    if (!resource) throw gatewayError('gateway.resource_not_found')
    state.resource = resource
    const grant = await this.#grant(caller, resource)
    state.grant = grant

    const shape = this.#shape(resource, grant, typeof query.fields === 'string' ? query.fields : '')
    state.fields = shape.codes
    const filters = this.#filters(resource, query)
    const limit = typeof query.limit === 'number' ? query.limit : DEFAULT_LIMIT
    const cursor = typeof query.cursor === 'string' ? decodeCursor(query.cursor) : null

    const source = resource.source
    if (source.kind === 'unmounted') throw gatewayError('gateway.resource_not_mounted')
    if (source.kind === 'unsupported') {
      throw gatewayError('gateway.source_unsupported', {
        detail: { zh: `挂接方式：${source.mount}`, en: `mount kind: ${source.mount}` },
      })
    }
    const version = source.kind === 'datastore' ? source.version : externalVersion(source)
    if (cursor && cursor.version !== version) throw gatewayError('gateway.cursor_stale')
    const present = source.kind === 'datastore' ? source.columns : new Set(resource.fields.map((f) => f.code))
    const scope = this.#scope(grant, present)

    this.limits.admit(grant, Date.now())
    state.counted = true

    const columns = resource.fields.filter((f) => present.has(f.code)).map((f) => f.code)
    let rows: FoundRow[]
    let resumeAt: string | null = null
    const only = filters[0]
    try {
      if (source.kind === 'postgres') {
        const offset = cursor ? Number(cursor.position) : 0
        if (!Number.isSafeInteger(offset) || offset < 0) throw gatewayError('gateway.cursor_invalid')
        rows = await this.external.read(source, {
          fields: columns,
          order: resource.keyFields.map((f) => f.code),
          filters,
          scope,
          offset,
          limit,
        })
      } else if (only && filters.length === 1 && !cursor) {
        rows = await this.reader.lookup({
          resourceId: resource.id,
          version: source.version,
          columns,
          key: only.column,
          value: only.value,
          scope,
          limitPerKey: limit + 1,
        })
      } else {
        if (cursor && !isPosition(cursor.position)) throw gatewayError('gateway.cursor_invalid')
        const page = await this.reader.scan({
          resourceId: resource.id,
          columns,
          scope,
          filters,
          after: cursor?.position ?? null,
          limit,
        })
        rows = page.rows
        resumeAt = page.resumeAt
      }
    } catch (error) {
      throw this.#readError(error)
    }

    const more = rows.length > limit
    const page = more ? rows.slice(0, limit) : rows
    const last = page[page.length - 1]
    const nextPosition = more && last ? last.position : resumeAt
    const plan = shape.plan
    const items = page.map((row) => {
      const out: Record<string, CellValue> = {}
      for (const [code, treatment] of plan) {
        const value = row.cells[code] ?? null
        out[code] = treatment ? applyTreatment(treatment, value, this.config.secretKey) : value
      }
      return out
    })
    state.rowsReturned = items.length
    state.keyHashes = this.#recordHashes(resource, page, state.keyHashes, asked)
    return {
      items,
      nextCursor: nextPosition ? encodeCursor({ version, position: nextPosition }) : null,
      masked: shape.masked,
    }
  }

  async #grant(caller: CallerApp, resource: GatewayResource): Promise<CachedGrant> {
    const grants = await this.grants.grantsOf(caller.appId, resource.id)
    if (grants.length === 0 && (await this.grants.otherAppHolds(caller.orgId, caller.appId, resource.id))) {
      throw gatewayError('gateway.grant_other_app')
    }
    return usableGrant(grants, Date.now())
  }

  /**
   * The fields a call returns and how each is masked, remembered per grant (and resource version) and `fields`
   * parameter: recognising personal data runs a dozen patterns per field, which is worth doing once.
   */
  #shape(resource: GatewayResource, grant: CachedGrant, asked: string): Shape {
    let entry = this.#shapes.get(grant)
    if (!entry || entry.resource !== resource) {
      entry = { resource, byAsked: new Map() }
      this.#shapes.set(grant, entry)
    }
    const known = entry.byAsked.get(asked)
    if (known) return known
    const fields = this.#fields(resource, grant, asked)
    const reviewed = reviewedGrant(resource, grant)
    const plan = fields.map(
      (f) => [f.code, treatmentOf(f, reviewed, resource.masking)] as [string, Treatment | null],
    )
    const shape: Shape = {
      codes: fields.map((f) => f.code),
      plan,
      masked: plan.filter(([, t]) => t !== null).map(([code]) => code),
    }
    if (entry.byAsked.size < 64) entry.byAsked.set(asked, shape)
    return shape
  }

  #fields(resource: GatewayResource, grant: CachedGrant, asked: string) {
    if (asked.trim() === '') {
      return resource.fields.filter((f) => grant.fields.has(f.code))
    }
    const codes = [...new Set(asked.split(',').map((s) => s.trim()))].filter((s) => s !== '')
    const unknown = codes.filter((c) => !resource.byCode.has(c))
    if (unknown.length > 0) {
      throw gatewayError('gateway.field_unknown', {
        detail: { zh: `不存在的信息项：${unknown.join('、')}`, en: `Unknown fields: ${unknown.join(', ')}` },
        extra: { fields: unknown },
      })
    }
    const refused = codes.filter((c) => !grant.fields.has(c))
    if (refused.length > 0) {
      throw gatewayError('gateway.fields_not_granted', {
        detail: {
          zh: `未授权的信息项：${refused.join('、')}`,
          en: `Fields not granted: ${refused.join(', ')}`,
        },
        extra: { fields: refused },
      })
    }
    return codes.map((c) => resource.byCode.get(c)).filter((f) => f !== undefined)
  }

  #filters(resource: GatewayResource, query: Readonly<Record<string, string | number | undefined>>) {
    const filters: { column: KeyColumn; value: string }[] = []
    const notKey: string[] = []
    for (const [name, raw] of Object.entries(query)) {
      if (RESERVED_PARAMS.has(name) || raw === undefined) continue
      const field = resource.byCode.get(name)
      if (!field?.isKey) {
        notKey.push(name)
        continue
      }
      const column: KeyColumn = { code: field.code, dataType: columnType(field) }
      const checked = column.dataType === 'binary' ? null : checkValue(column, String(raw))
      if (!checked?.ok || checked.value === null || typeof checked.value !== 'string') {
        throw gatewayError('gateway.filter_invalid', {
          fields: [
            {
              field: `query.${name}`,
              message: checked && !checked.ok ? checked.message : 'is not a usable key value',
              messageZh: checked && !checked.ok ? checked.messageZh : '不是可用的主键取值',
            },
          ],
        })
      }
      filters.push({ column, value: checked.value })
    }
    if (notKey.length > 0) {
      const keys = resource.keyFields.map((f) => f.code)
      throw gatewayError('gateway.filter_not_key', {
        detail: {
          zh: `不能按 ${notKey.join('、')} 查询；主键信息项：${keys.join('、') || '（无）'}`,
          en: `Cannot filter on ${notKey.join(', ')}; key fields: ${keys.join(', ') || '(none)'}`,
        },
        extra: { fields: notKey, keyFields: keys },
      })
    }
    return filters
  }

  #scope(grant: CachedGrant, columns: ReadonlySet<string>): RowScopeFilter | null {
    const s = grant.rowScope
    if (!s) return null
    if (!columns.has(s.field) || !isRegionCodeFormat(s.regionCode))
      throw gatewayError('gateway.scope_invalid')
    return { column: s.field, prefix: regionPrefix(s.regionCode) }
  }

  /**
   * Filter hashes plus the key values of every returned row, so 溯源 finds list calls too. A point lookup's row
   * carries the value it was asked for: that hash is reused, not computed twice.
   */
  #recordHashes(
    resource: GatewayResource,
    rows: readonly FoundRow[],
    hashes: string[],
    asked: ReadonlyMap<string, string>,
  ): string[] {
    if (rows.length === 0 || resource.keyFields.length === 0) return hashes
    const out = new Set(hashes)
    for (const row of rows) {
      for (const k of resource.keyFields) {
        const v = row.cells[k.code]
        if (v === null || v === undefined) continue
        const text = String(v)
        out.add(asked.get(text) ?? this.hash(text))
      }
    }
    return out.size === hashes.length ? hashes : [...out]
  }

  #readError(error: unknown): unknown {
    const code = (error as { code?: unknown }).code
    // The table was swapped or dropped under the cached resource: forget it; the caller may retry.
    if (code === '42P01' || code === '42703') {
      this.resources.forget()
      return gatewayError('gateway.resource_not_mounted', {
        detail: { zh: '数据正在重新加载，请稍后重试', en: 'The data is being reloaded; retry shortly' },
      })
    }
    return error
  }

  async close(): Promise<void> {
    live.delete(this)
    await this.log.close()
    await this.external.close()
  }
}
