/**
 * Loading a file into a resource's data table. Rows go into a fresh staging table in batches (each batch its
 * own statement, so the progress row stays readable and PGlite's single connection is not held); the caller
 * swaps the staging table in inside its own transaction, so a failed or refused load never touches the data
 * that was there before.
 */
import type { Db, Json } from '../../platform/db/index.ts'
import { newId } from '../../platform/ids.ts'
import { type FileFormat, FileFormatError, type SourceRecord } from './parse.ts'
import { checkCells, checkObject, headerMatcher, readHeader } from './rows.ts'
import {
  batchRows,
  createTable,
  dropTable,
  failLoad,
  insertBatch,
  insertBatchLiteral,
  insertLoad,
  literalsAreSafe,
  runningLoad,
  stagingTable,
  swapIn,
  sweepAbandonedLoads,
  updateLoad,
} from './store.ts'
import type { ColumnSpec } from './values.ts'

/** What is wrong with one cell (column set) or a whole row (column null). */
export interface LoadProblem {
  readonly row: number
  readonly column: string | null
  readonly message: string
  readonly messageZh: string
}

/** reject (the default): one bad row refuses the whole file. skip: bad rows are left out and counted. */
export type LoadMode = 'reject' | 'skip'

export const MAX_PROBLEMS = 100

export interface LoadCounts {
  readonly rowsRead: number
  readonly rowsLoaded: number
  readonly rowsRejected: number
}

export type LoadOutcome =
  | (LoadCounts & { readonly ok: true; readonly staging: string; readonly problems: LoadProblem[] })
  | (LoadCounts & {
      readonly ok: false
      readonly reason: 'rows_invalid' | 'file_invalid' | 'columns_mismatch' | 'empty'
      readonly problems: LoadProblem[]
      readonly missing: string[]
      readonly extra: string[]
      readonly message: string
      readonly messageZh: string
    })

export interface LoadOptions {
  readonly loadId: string
  readonly resourceId: string
  readonly columns: readonly ColumnSpec[]
  readonly records: AsyncIterable<SourceRecord>
  readonly mode?: LoadMode
  /** CSV rows must have as many cells as the header; spreadsheets may leave trailing cells out. */
  readonly strictWidth?: boolean
  readonly batchSize?: number
  /** Called after each batch with the counts so far (tests watch progress with it). */
  readonly onProgress?: (counts: LoadCounts) => void | Promise<void>
}

/** Starts a load log row; null when another load of the same resource is still running. */
export async function beginLoad(
  db: Db,
  input: { resourceId: string; format: FileFormat; startedBy: string | null },
): Promise<string | null> {
  if (await runningLoad(db, input.resourceId)) return null
  await sweepAbandonedLoads(db, input.resourceId)
  const id = newId()
  await insertLoad(db, { id, ...input })
  return id
}

export async function loadRows(db: Db, options: LoadOptions): Promise<LoadOutcome> {
  const { columns, loadId, resourceId } = options
  const mode = options.mode ?? 'reject'
  const width = columns.length
  const batchSize = batchRows(width, options.batchSize ?? 2000)
  const staging = stagingTable(resourceId, loadId)
  const match = headerMatcher(columns)
  const problems: LoadProblem[] = []
  let rowsRead = 0
  let rowsLoaded = 0
  let rowsRejected = 0
  let positions: number[] | null = null
  let batch: unknown[][] = []
  const counts = () => ({ rowsRead, rowsLoaded, rowsRejected })

  const refuse = async (
    reason: 'rows_invalid' | 'file_invalid' | 'columns_mismatch' | 'empty',
    message: string,
    messageZh: string,
    mismatch: { missing: string[]; extra: string[] } = { missing: [], extra: [] },
  ): Promise<LoadOutcome> => {
    await dropTable(db, staging)
    // Staged rows were thrown away with the staging table: nothing of this file was loaded.
    rowsLoaded = 0
    await updateLoad(db, loadId, {
      ...counts(),
      status: 'failed',
      error: message,
      problems: problems as unknown as Json,
    })
    return { ok: false, reason, message, messageZh, problems, ...counts(), ...mismatch }
  }
  const note = (p: LoadProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p)
  }
  const flush = async () => {
    if (batch.length === 0) return
    await (inline ? insertBatchLiteral : insertBatch)(db, staging, columns, batch)
    rowsLoaded += batch.length
    batch = []
    await updateLoad(db, loadId, counts())
    await options.onProgress?.(counts())
  }

  await createTable(db, staging, columns)
  const inline = await literalsAreSafe(db)
  try {
    for await (const record of options.records) {
      if ('cells' in record && positions === null) {
        // The first row is the header.
        const header = readHeader(columns, record.cells, match)
        if (!header.ok)
          return await refuse(
            'columns_mismatch',
            'the header row does not match the declared fields',
            '表头与信息项不一致',
            { missing: header.missing, extra: header.extra },
          )
        positions = header.positions
        continue
      }
      rowsRead++
      const result =
        'problem' in record
          ? { problems: [{ row: record.row, column: null, ...record.problem }] }
          : 'cells' in record
            ? checkCells(columns, positions ?? [], record.row, record.cells, options.strictWidth ?? false)
            : checkObject(columns, match, record.row, record.object)
      if ('problems' in result) {
        rowsRejected++
        for (const p of result.problems) note(p)
        // Refusing the file: there is no point reading on once the report is full.
        if (mode === 'reject' && problems.length >= MAX_PROBLEMS) break
        continue
      }
      batch.push(result.values)
      if (batch.length >= batchSize) await flush()
    }
  } catch (err) {
    if (err instanceof FileFormatError) {
      if (err.row !== null)
        note({ row: err.row, column: null, message: err.message, messageZh: err.messageZh })
      return await refuse('file_invalid', err.message, err.messageZh)
    }
    await dropTable(db, staging).catch(() => {})
    await updateLoad(db, loadId, { ...counts(), status: 'failed', error: 'the load failed' }).catch(() => {})
    throw err
  }
  if (positions === null && rowsRead === 0) return refuse('empty', 'the file has no rows', '文件中没有数据')
  if (rowsRejected > 0 && mode === 'reject') {
    return refuse(
      'rows_invalid',
      `${rowsRejected} row(s) do not match the declared fields; nothing was loaded`,
      `${rowsRejected} 行数据与信息项不符，未载入任何数据`,
    )
  }
  try {
    await flush()
  } catch (err) {
    await dropTable(db, staging).catch(() => {})
    await updateLoad(db, loadId, { ...counts(), status: 'failed', error: 'the load failed' }).catch(() => {})
    throw err
  }
  if (rowsLoaded === 0) return refuse('empty', 'the file has no valid data rows', '文件中没有可载入的数据行')
  return { ok: true, staging, problems, ...counts() }
}

/** Swaps the staging table in and closes the log row; run inside the caller's transaction. */
export async function commitLoad(
  trx: Db,
  outcome: LoadCounts & { staging: string; problems: LoadProblem[] },
  ids: { loadId: string; resourceId: string },
): Promise<void> {
  await swapIn(trx, ids.resourceId, outcome.staging)
  await updateLoad(trx, ids.loadId, {
    rowsRead: outcome.rowsRead,
    rowsLoaded: outcome.rowsLoaded,
    rowsRejected: outcome.rowsRejected,
    status: 'succeeded',
    error: null,
    problems: outcome.problems as unknown as Json,
  })
}

/** When the caller's transaction fails after a good load: the staging table goes, the old data stays. */
export async function abandonLoad(db: Db, staging: string, loadId: string, error: string): Promise<void> {
  await dropTable(db, staging).catch(() => {})
  await failLoad(db, loadId, error)
}
