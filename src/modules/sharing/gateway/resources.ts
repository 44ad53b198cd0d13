/**
 * What the gateway needs of a resource (fields, keys, where the rows live), cached per resource code for a few
 * seconds. Loading a datastore resource also makes sure its key columns are indexed: a fresh load swaps in a new
 * table without indexes, and a point lookup on a million rows without one is a sequential scan.
 */

import type { Db } from '../../../platform/db/index.ts'
import { type MaskingRules, maskingRulesFor } from '../../../platform/masking/index.ts'
import { dataSourceOf, resourceForSharing, type SharedField } from '../../catalog/index.ts'
import { datastoreTableInfo, ensureKeyIndexes } from '../../datastore/index.ts'

export type GatewaySource =
  | { readonly kind: 'datastore'; readonly version: string; readonly columns: ReadonlySet<string> }
  | {
      readonly kind: 'postgres'
      readonly url: string
      readonly schema: string
      readonly table: string
      readonly columns: Readonly<Record<string, string>>
    }
  | { readonly kind: 'unsupported'; readonly mount: string }
  | { readonly kind: 'unmounted' }

export interface GatewayResource {
  readonly id: string
  readonly code: string
  readonly name: string
  readonly orgId: string
  readonly regionCode: string
  readonly shareType: string
  readonly fields: readonly SharedField[]
  readonly byCode: ReadonlyMap<string, SharedField>
  readonly keyFields: readonly SharedField[]
  readonly source: GatewaySource
  /** The governance masking policy in force for the resource, refreshed with the cache entry. */
  readonly masking: MaskingRules
}

interface Entry {
  readonly value: GatewayResource | null
  readonly expires: number
}

const TTL_MS = 5000
const MAX_ENTRIES = 10_000

export class ResourceCache {
  readonly #db: Db
  readonly #secretKey: Buffer
  readonly #entries = new Map<string, Entry>()
  readonly #loading = new Map<string, Promise<GatewayResource | null>>()
  /** Table versions whose key columns were checked for indexes on this replica. */
  readonly #indexed = new Set<string>()

  constructor(db: Db, secretKey: Buffer) {
    this.#db = db
    this.#secretKey = secretKey
  }

  async byCode(code: string): Promise<GatewayResource | null> {
    const entry = this.#entries.get(code)
    if (entry && entry.expires > Date.now()) return entry.value
    let loading = this.#loading.get(code)
    if (!loading) {
      loading = this.#load(code).finally(() => this.#loading.delete(code))
      this.#loading.set(code, loading)
    }
    const value = await loading
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear()
    this.#entries.set(code, { value, expires: Date.now() + TTL_MS })
    return value
  }

  forget(): void {
    this.#entries.clear()
  }

  async #load(code: string): Promise<GatewayResource | null> {
    const r = await resourceForSharing(this.#db, code)
    if (!r || r.code !== code) return null
    const keyFields = r.fields.filter((f) => f.isKey)
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      orgId: r.orgId,
      regionCode: r.regionCode,
      shareType: r.shareType,
      fields: r.fields,
      byCode: new Map(r.fields.map((f) => [f.code, f])),
      keyFields,
      source: await this.#source(r.id, keyFields),
      masking: await maskingRulesFor(this.#db, r.id),
    }
  }

  async #source(resourceId: string, keyFields: readonly SharedField[]): Promise<GatewaySource> {
    const source = await dataSourceOf(this.#db, this.#secretKey, resourceId)
    if (!source) return { kind: 'unmounted' }
    if (source.kind === 'http') return { kind: 'unsupported', mount: 'http' }
    if (source.kind === 'postgres') return source
    const info = await datastoreTableInfo(this.#db, resourceId)
    if (!info) return { kind: 'unmounted' }
    if (!this.#indexed.has(info.version)) {
      const keys = keyFields.map((f) => f.code).filter((c) => info.columns.has(c))
      await ensureKeyIndexes(this.#db, resourceId, keys)
      this.#indexed.add(info.version)
    }
    return { kind: 'datastore', version: info.version, columns: info.columns }
  }
}
