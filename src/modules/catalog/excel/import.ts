/**
 * Catalogue import from a spreadsheet: read, check every row, then write all valid resources in one transaction
 * (or nothing, by default, when anything is wrong). Re-importing the same file updates the drafts it created.
 */
import ExcelJS from 'exceljs'
import { recordAudit, recordAuditMany } from '../../../platform/audit/index.ts'
import type { Actor, RequestContext } from '../../../platform/context.ts'
import type { Db, Trx } from '../../../platform/db/index.ts'
import { newId } from '../../../platform/ids.ts'
import { enqueue } from '../../../platform/jobs/index.ts'
import { isWithinRegion } from '../../../platform/validators/index.ts'
import { hasRole, orgFacts, orgSummaries, regionScope } from '../../identity/index.ts'
import { catalogError } from '../errors.ts'
import { canEditFor } from '../policy.ts'
import { refreshSearchIndex, SEARCH_INDEX_QUEUE } from '../search/indexer.ts'
import {
  insertResources,
  type NewResourceRow,
  replaceFieldsMany,
  reserveCodes,
  updateResourceRow,
} from './batch.ts'
import { type Converted, convertResource } from './convert.ts'
import { excelError } from './errors.ts'
import { HeaderError, type Problem, parseWorkbook } from './parse.ts'
import {
  decide,
  existingRows,
  markDuplicates,
  type Planned,
  problemAt,
  resolveSourceOrgs,
  UUID_RE,
} from './plan.ts'

export type ImportMode = 'allOrNothing' | 'skipInvalid'

export interface ImportProgress {
  phase: 'read' | 'check' | 'write' | 'done'
  done: number
  total: number
}

export interface ImportOptions {
  orgId?: string | undefined
  mode?: ImportMode | undefined
  dryRun?: boolean | undefined
  /**
   * 'cli': the operator has shell and database access; besides the org's own stewards, a bureau admin of the
   * org's region may import for it. The API allows the org's stewards only.
   */
  via?: 'api' | 'cli'
  onProgress?: ((p: ImportProgress) => void) | undefined
}

export type ImportAction = 'created' | 'updated' | 'skipped'

export interface ImportedResource {
  sheet: string
  row: number
  id: string | null
  code: string | null
  name: string
  action: ImportAction
}

export interface ImportReport {
  orgId: string
  mode: ImportMode
  dryRun: boolean
  /** True when all-or-nothing refused the file: nothing was (or would be) written. */
  rejected: boolean
  created: number
  updated: number
  skipped: number
  problems: Problem[]
  resources: ImportedResource[]
}

export const MAX_IMPORT_RESOURCES = 50_000
/** Sheet parts the import never reads; dropdown ranges in particular expand to one entry per cell on load. */
const IGNORED_NODES: string[] = [
  'dataValidations',
  'conditionalFormatting',
  'hyperlinks',
  'drawing',
  'picture',
  'legacyDrawing',
  'tableParts',
  'autoFilter',
  'sheetProtection',
  'headerFooter',
  'printOptions',
  'pageMargins',
  'pageSetup',
  'rowBreaks',
  'extLst',
]

function fileInvalid(zh: string, en: string) {
  return excelError('catalog.import_file_invalid', { detail: { zh, en } })
}

/** Opens the upload as a workbook; anything that is not a readable .xlsx is the client's problem, not a 500. */
export async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  if (bytes.length === 0) throw fileInvalid('文件为空', 'The file is empty')
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50)
    throw fileInvalid('不是 .xlsx 文件（请另存为 Excel 工作簿 .xlsx 后上传）', 'Not an .xlsx file')
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer, { ignoreNodes: IGNORED_NODES })
  } catch (error) {
    throw excelError('catalog.import_file_invalid', {
      detail: {
        zh: '文件已损坏或不是 Excel 工作簿，无法读取',
        en: 'The file is damaged or not an Excel workbook',
      },
      cause: error,
    })
  }
  if (wb.worksheets.length === 0) throw fileInvalid('工作簿中没有工作表', 'The workbook has no sheets')
  return wb
}

/** Who may bring a spreadsheet in for an org (see ImportOptions.via). */
export function mayImportFor(
  actor: Actor,
  org: { id: string; regionCode: string },
  via: 'api' | 'cli',
): boolean {
  if (canEditFor(actor, org.id)) return true
  if (via !== 'cli' || !hasRole(actor, 'bureau_admin')) return false
  const scope = regionScope(actor, 'bureau_admin')
  return scope !== null && isWithinRegion(org.regionCode, scope)
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort(
    (a, b) =>
      (a.sheet ?? '').localeCompare(b.sheet ?? '') ||
      (a.row ?? 0) - (b.row ?? 0) ||
      (a.column ?? '').length - (b.column ?? '').length ||
      (a.column ?? '').localeCompare(b.column ?? ''),
  )
}

async function writePlan(
  trx: Trx,
  ctx: RequestContext,
  org: { id: string; regionCode: string },
  plan: readonly Planned[],
  progress: (done: number) => void,
): Promise<Map<Planned, { id: string; code: string }>> {
  const creates = plan.filter((p) => p.action === 'create')
  const updates = plan.filter((p) => p.action === 'update')
  const wanted = new Map<string, number>()
  const need = (classCode: string) => wanted.set(classCode, (wanted.get(classCode) ?? 0) + 1)
  for (const p of creates) if (!p.c.input.code) need(p.c.input.classCode)
  for (const p of updates)
    if (!p.c.input.code && p.target && p.c.input.classCode !== p.target.classCode) need(p.c.input.classCode)
  const kept = creates.flatMap((p) => (p.c.input.code ? [p.c.input.code] : []))
  const issued = await reserveCodes(trx, kept, wanted)
  const nextCode = (classCode: string) => {
    const code = issued.get(classCode)?.shift()
    if (!code) throw new Error(`no code issued for ${classCode}`)
    return code
  }
  const out = new Map<Planned, { id: string; code: string }>()
  const createdBy = ctx.actor.kind === 'user' ? ctx.actor.userId : null
  const rows: NewResourceRow[] = creates.map((p) => {
    const row = {
      id: newId(),
      orgId: org.id,
      regionCode: org.regionCode,
      code: p.c.input.code ?? nextCode(p.c.input.classCode),
      input: p.c.input,
      createdBy,
    }
    out.set(p, { id: row.id, code: row.code })
    return row
  })
  await insertResources(trx, rows)
  for (const p of updates) {
    const target = p.target
    if (!target) continue
    const code =
      p.c.input.code ??
      (p.c.input.classCode !== target.classCode ? nextCode(p.c.input.classCode) : target.code)
    await updateResourceRow(trx, target.id, code, p.c.input)
    out.set(p, { id: target.id, code })
  }
  await replaceFieldsMany(
    trx,
    plan.map((p) => ({ resourceId: out.get(p)?.id ?? '', input: p.c.input })),
    updates.flatMap((p) => (p.target ? [p.target.id] : [])),
  )
  progress(plan.length)
  // One audit event per resource, as insertDraft and patchDraft write, so a resource's history shows its import.
  await recordAuditMany(
    trx,
    ctx,
    plan.flatMap((p) => {
      const written = out.get(p)
      if (!written) return []
      return [
        {
          action: p.action === 'create' ? 'catalog.resource_create' : 'catalog.resource_update',
          targetType: 'resource',
          targetId: written.id,
          orgId: org.id,
          regionCode: org.regionCode,
          details: { code: written.code, name: p.c.input.name.trim(), via: 'import' },
        },
      ]
    }),
  )
  // Small imports are searchable the moment they commit; big ones are indexed by a job, off the request.
  const ids = [...out.values()].map((w) => w.id)
  if (ids.length <= SEARCH_NOW_LIMIT) await refreshSearchIndex(trx, ids)
  else await enqueue(trx, SEARCH_INDEX_QUEUE, { reason: 'import', resources: ids.length })
  return out
}

const SEARCH_NOW_LIMIT = 200

/** Reads, checks and (unless a dry run, or refused) writes a catalogue workbook for one org. */
export async function importCatalog(
  db: Db,
  ctx: RequestContext,
  bytes: Buffer,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const mode = options.mode ?? 'allOrNothing'
  const dryRun = options.dryRun ?? false
  const progress = (phase: ImportProgress['phase'], done: number, total: number) =>
    options.onProgress?.({ phase, done, total })
  const actor = ctx.actor
  const orgId = options.orgId ?? (actor.kind === 'user' ? actor.orgId : '')
  const org = UUID_RE.test(orgId) ? await orgFacts(db, orgId) : null
  if (!org || !mayImportFor(actor, org, options.via ?? 'api')) throw catalogError('catalog.forbidden')
  const orgName = (await orgSummaries(db, [org.id])).get(org.id)?.name ?? ''

  progress('read', 0, 1)
  const wb = await loadWorkbook(bytes)
  let parsed: ReturnType<typeof parseWorkbook>
  try {
    parsed = parseWorkbook(wb)
  } catch (error) {
    if (!(error instanceof HeaderError)) throw error
    throw excelError('catalog.import_headers_missing', {
      detail: { zh: error.messageZh, en: 'No catalogue header row, or required columns are missing' },
      extra: { problems: error.problems },
    })
  }
  if (parsed.resources.length === 0) throw fileInvalid('文件中没有数据行', 'The file has no data rows')
  if (parsed.resources.length > MAX_IMPORT_RESOURCES)
    throw fileInvalid(
      `一次最多导入 ${MAX_IMPORT_RESOURCES} 条资源，请分批导入`,
      `At most ${MAX_IMPORT_RESOURCES} resources per file`,
    )
  progress('read', 1, 1)

  const total = parsed.resources.length
  const converted = parsed.resources.map(convertResource)
  progress('check', 0, total)
  markDuplicates(converted)
  await resolveSourceOrgs(db, converted, { id: org.id, name: orgName })

  return db.transaction().execute(async (trx) => {
    const { byCode, byName } = await existingRows(trx, org.id, converted)
    const plan: Planned[] = []
    // Two rows must not land on one resource (a renamed row by code, another by its old name).
    const claimed = new Map<string, Converted>()
    for (const c of converted) {
      if (c.problems.length) continue
      const p = decide(c, org.id, byCode, byName)
      if (!p) continue
      const first = p.target ? claimed.get(p.target.id) : undefined
      if (p.target && first) {
        c.problems.push(problemAt(c, 'name', `与第 ${first.raw.row} 行对应同一资源（${p.target.code}）`))
        continue
      }
      if (p.target) claimed.set(p.target.id, c)
      plan.push(p)
    }
    progress('check', total, total)
    const problems = sortProblems([...parsed.problems, ...converted.flatMap((c) => c.problems)])
    const rejected = mode === 'allOrNothing' && problems.length > 0
    const write = !rejected && !dryRun && plan.length > 0
    if (write) progress('write', 0, plan.length)
    const written = write
      ? await writePlan(trx, ctx, org, plan, (done) => progress('write', done, plan.length))
      : new Map<Planned, { id: string; code: string }>()
    const planned = new Map(plan.map((p) => [p.c, p]))
    const resources: ImportedResource[] = converted.map((c) => {
      const p = rejected ? undefined : planned.get(c)
      const w = p ? written.get(p) : undefined
      return {
        sheet: c.raw.sheet,
        row: c.raw.row,
        id: w?.id ?? p?.target?.id ?? null,
        code: w?.code ?? p?.target?.code ?? c.input.code ?? null,
        name: c.input.name,
        action: p ? (p.action === 'create' ? 'created' : 'updated') : 'skipped',
      }
    })
    const count = (a: ImportAction) => resources.filter((r) => r.action === a).length
    const report: ImportReport = {
      orgId: org.id,
      mode,
      dryRun,
      rejected,
      created: count('created'),
      updated: count('updated'),
      skipped: count('skipped'),
      problems,
      resources,
    }
    if (rejected && !dryRun) {
      throw excelError('catalog.import_rejected', {
        detail: {
          zh: `发现 ${problems.length} 处问题，未导入任何资源；请按报告修改后重新导入，或选择“跳过有问题的行”`,
          en: `${problems.length} problems found; nothing was imported`,
        },
        extra: { report },
      })
    }
    if (write) {
      await recordAudit(trx, ctx, {
        action: 'catalog.import',
        targetType: 'org',
        targetId: org.id,
        orgId: org.id,
        regionCode: org.regionCode,
        details: {
          mode,
          via: options.via ?? 'api',
          created: report.created,
          updated: report.updated,
          skipped: report.skipped,
          problems: problems.length,
        },
      })
    }
    progress('done', plan.length, plan.length)
    return report
  })
}

export type { Problem }
