import type { Db } from '../../platform/db/index.ts'
import { countRows, dropTable, liveTable, qualified, rawQuery, tableColumns } from './store.ts'
import { type ColumnSpec, quoteIdent } from './values.ts'

export type CellValue = string | number | boolean | null

/** JSON-friendly cell values: times as ISO text, bytes as base64, big numbers as text. */
export function toCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value.toISOString()
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  return JSON.stringify(value)
}

/**
 * The first rows of a resource's data table, keyed by column code; null when the resource has no table.
 * Columns declared after the load (not in the table) come back empty rather than failing the read.
 */
export async function previewRows(
  db: Db,
  resourceId: string,
  columns: readonly Pick<ColumnSpec, 'code'>[],
  limit: number,
): Promise<Record<string, CellValue>[] | null> {
  const table = liveTable(resourceId)
  const present = await tableColumns(db, table)
  if (present.size === 0) return null
  const selected = columns
    .map((c, i) => ({ code: c.code, alias: `c${i}` }))
    .filter((c) => present.has(c.code))
  const list = selected.length
    ? selected.map((c) => `${quoteIdent(c.code)} as ${c.alias}`).join(', ')
    : '1 as c_none'
  const rows = await rawQuery<Record<string, unknown>>(
    db,
    `select ${list} from ${qualified(table)} limit $1`,
    [Math.max(0, Math.min(limit, 1000))],
  )
  return rows.map((row) => {
    const out: Record<string, CellValue> = {}
    for (const c of columns) out[c.code] = null
    for (const c of selected) out[c.code] = toCell(row[c.alias])
    return out
  })
}

export async function datastoreRowCount(db: Db, resourceId: string): Promise<number | null> {
  const table = liveTable(resourceId)
  if ((await tableColumns(db, table)).size === 0) return null
  return countRows(db, table)
}

/** Removes a resource's data table (unmount, or a switch to an external source); inside the caller's transaction. */
export async function dropDatastoreTable(db: Db, resourceId: string): Promise<void> {
  await dropTable(db, liveTable(resourceId))
}

/** The columns each resource's data table really has, for the catalog's declared-vs-real check. */
export async function datastoreColumns(
  db: Db,
  resourceIds: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  if (resourceIds.length === 0) return out
  const byTable = new Map(resourceIds.map((id) => [liveTable(id), id]))
  const names = [...byTable.keys()]
  const rows = await rawQuery<{ table_name: string; column_name: string }>(
    db,
    `select table_name, column_name from information_schema.columns
      where table_schema = 'datastore' and table_name in (${names.map((_, i) => `$${i + 1}`).join(',')})
      order by table_name, ordinal_position`,
    names,
  )
  for (const r of rows) {
    const id = byTable.get(r.table_name)
    if (!id) continue
    const list = out.get(id) ?? []
    list.push(r.column_name)
    out.set(id, list)
  }
  return out
}
