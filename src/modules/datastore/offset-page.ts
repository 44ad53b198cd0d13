/**
 * Numbered pages of a resource's data table (page N of size S), for the open-data API where callers ask for
 * `?page=`. Rows come in physical (ctid) order, which is stable for the table's lifetime: loads replace the whole
 * table. Columns missing from the table come back empty rather than failing the read.
 */
import type { Db } from '../../platform/db/index.ts'
import { scanRows } from './lookup.ts'
import { type CellValue, toCell } from './preview.ts'
import { liveTable, qualified, rawQuery, tableColumns } from './store.ts'
import { quoteIdent } from './values.ts'

/** Deepest row a numbered page may start at: deeper reads belong to bulk downloads, not to paging. */
export const MAX_PAGE_OFFSET = 1_000_000

export async function datastorePage(
  db: Db,
  resourceId: string,
  columns: readonly string[],
  offset: number,
  limit: number,
): Promise<Record<string, CellValue>[] | null> {
  const table = liveTable(resourceId)
  const present = await tableColumns(db, table)
  if (present.size === 0) return null
  const selected = columns.map((code, i) => ({ code, alias: `c${i}` })).filter((c) => present.has(c.code))
  const list = selected.length
    ? selected.map((c) => `${quoteIdent(c.code)} as ${c.alias}`).join(', ')
    : '1 as c_none'
  const rows = await rawQuery<Record<string, unknown>>(
    db,
    `select ${list} from ${qualified(table)} order by ctid offset $1 limit $2`,
    [Math.max(0, Math.min(offset, MAX_PAGE_OFFSET)), Math.max(0, Math.min(limit, 1000))],
  )
  return rows.map((row) => {
    const out: Record<string, CellValue> = {}
    for (const code of columns) out[code] = null
    for (const c of selected) out[c.code] = toCell(row[c.alias])
    return out
  })
}

/**
 * Every row of the table in chunks, for streamed downloads: one bounded read per chunk (scanRows walks the heap
 * in windows of pages), so the table is never held in memory. Yields nothing when the resource has no table.
 */
export async function* datastoreChunks(
  db: Db,
  resourceId: string,
  columns: readonly string[],
  chunkSize = 1000,
): AsyncGenerator<Record<string, CellValue>[]> {
  const present = await tableColumns(db, liveTable(resourceId))
  if (present.size === 0) return
  const selected = columns.filter((c) => present.has(c))
  let after: string | null = null
  for (;;) {
    const { rows, resumeAt } = await scanRows(db, {
      resourceId,
      columns: selected,
      scope: null,
      filters: [],
      after,
      limit: chunkSize,
    })
    const page = rows.slice(0, chunkSize)
    if (page.length) {
      yield page.map((r) => {
        const out: Record<string, CellValue> = {}
        for (const code of columns) out[code] = r.cells[code] ?? null
        return out
      })
    }
    const last = page[page.length - 1]
    if (rows.length > chunkSize && last) after = last.position
    else if (resumeAt) after = resumeAt
    else return
  }
}
