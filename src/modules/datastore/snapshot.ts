/**
 * A digest of a hosted resource table's whole content, for registration evidence records (存证). Each row becomes
 * a JSON array of its values as text in the declared column order (times in UTC, bytes as hex, so the server's
 * time zone does not change the digest); rows are hashed in byte order of that text, so the digest depends on
 * the data only, not on physical order. Identical rows are read once with their count.
 */
import { createHash } from 'node:crypto'
import type { Db } from '../../platform/db/index.ts'
import { liveTable, qualified, rawQuery, tableColumns } from './store.ts'
import { type ColumnSpec, quoteIdent } from './values.ts'

const BATCH = 5000

export interface SnapshotDigest {
  /** SM3 (hex) over `<row text>\n` for every row in order. */
  readonly digest: string
  readonly rowCount: number
}

/** The text of one column as hashed: times in UTC, bytes as hex, everything else as the server's text. */
export function snapshotColumnText(column: string, dataType: string): string {
  const col = quoteIdent(column)
  if (dataType === 'datetime') return `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
  if (dataType === 'binary') return `encode(${col}, 'hex')`
  return `${col}::text`
}

/** Runs one statement where the snapshot's table lives (the platform database, or an external one). */
export type SnapshotQuery = (
  text: string,
  params: readonly unknown[],
) => Promise<readonly { r: string; n: number | string }[]>

/**
 * SM3 over every row of `table` (already qualified and quoted), each row the JSON array of `values` (SQL
 * expressions, one per declared column), in byte order of that text.
 */
export async function snapshotDigestOver(
  query: SnapshotQuery,
  table: string,
  values: readonly string[],
): Promise<SnapshotDigest> {
  const row = `json_build_array(${values.join(', ') || "''"})::text collate "C"`
  const hash = createHash('sm3')
  let rowCount = 0
  let after: string | null = null
  for (;;) {
    const rows = await query(
      `select ${row} as r, count(*) as n from ${table}
        ${after === null ? '' : `where ${row} > $2`}
        group by 1 order by 1 limit $1`,
      after === null ? [BATCH] : [BATCH, after],
    )
    for (const r of rows) {
      const n = Number(r.n)
      for (let i = 0; i < n; i += 1) hash.update(`${r.r}\n`)
      rowCount += n
    }
    const last = rows.at(-1)
    if (rows.length < BATCH || !last) break
    after = last.r
  }
  return { digest: hash.digest('hex'), rowCount }
}

/** Null when the resource has no hosted table. Columns missing from the table count as empty values. */
export async function datastoreSnapshotDigest(
  db: Db,
  resourceId: string,
  columns: readonly Pick<ColumnSpec, 'code' | 'dataType'>[],
): Promise<SnapshotDigest | null> {
  const table = liveTable(resourceId)
  const present = await tableColumns(db, table)
  if (present.size === 0) return null
  const values = columns.map((c) =>
    present.has(c.code) ? snapshotColumnText(c.code, c.dataType) : 'null::text',
  )
  return snapshotDigestOver((text, params) => rawQuery(db, text, [...params]), qualified(table), values)
}
