/**
 * Evidence (存证) of data that stays in an external PostgreSQL database: the same row-by-row SM3 digest the
 * datastore computes for hosted tables, run on the external server over the mounted table.
 */
import {
  quoteIdent,
  type SnapshotDigest,
  snapshotColumnText,
  snapshotDigestOver,
} from '../../datastore/index.ts'
import { inspectTable, withExternalClient } from './external.ts'

export interface ExternalSnapshotSource {
  readonly url: string
  readonly schema: string
  readonly table: string
  /** Field code → column name where they differ (the mount's mapping). */
  readonly columns: Readonly<Record<string, string>>
}

/** Columns missing from the external table count as empty values, as for hosted tables. */
export async function externalSnapshotDigest(
  source: ExternalSnapshotSource,
  fields: readonly { readonly code: string; readonly dataType: string }[],
): Promise<SnapshotDigest> {
  return withExternalClient(source.url, async (client) => {
    // Times are hashed in UTC whatever the column type and the server's default zone.
    await client.query(`set timezone = 'UTC'`)
    const names = fields.map((f) => source.columns[f.code] ?? f.code)
    const found = await inspectTable(client, source.schema, source.table, names)
    const values = fields.map((f, i) => {
      const column = found.columns[names[i] ?? '']
      return column ? snapshotColumnText(column, f.dataType) : 'null::text'
    })
    const table = `${quoteIdent(source.schema)}.${quoteIdent(source.table)}`
    return snapshotDigestOver(
      async (text, params) => (await client.query<{ r: string; n: string }>(text, [...params])).rows,
      table,
      values,
    )
  })
}
