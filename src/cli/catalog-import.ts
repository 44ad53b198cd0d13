/** `shuhui catalog import`: the Excel import of the API, run by an operator with a progress bar. */
import { readFile } from 'node:fs/promises'
import cliProgress from 'cli-progress'
import { type ImportProgress, type ImportReport, importCatalog } from '../modules/catalog/excel/import.ts'
import type { Db } from '../platform/db/index.ts'
import { DomainError } from '../platform/errors.ts'
import { CliUserError, cliActor, cliContext } from './actor.ts'

export interface CatalogImportArgs {
  file: string
  orgId: string
  mode: 'allOrNothing' | 'skipInvalid'
  username: string
  dryRun: boolean
  /** Draw a progress bar (on a terminal); otherwise print one line per phase. */
  progress: boolean
  /** Where the report goes; tests capture it. */
  out?: (line: string) => void
}

const PHASES: Record<ImportProgress['phase'], string> = {
  read: '读取文件',
  check: '校验',
  write: '写入',
  done: '完成',
}

function place(p: ImportReport['problems'][number]): string {
  const where = [
    p.sheet ? `工作表「${p.sheet}」` : '',
    p.row ? `第 ${p.row} 行` : '',
    p.column ? `${p.column} 列` : '',
  ]
    .filter(Boolean)
    .join(' ')
  return where ? `${where}：${p.message}` : p.message
}

export function reportLines(report: ImportReport): string[] {
  const lines = [
    `${report.dryRun ? '检查结果（未写入）' : '导入结果'}：新建 ${report.created} 条，更新 ${report.updated} 条，跳过 ${report.skipped} 条，问题 ${report.problems.length} 处`,
  ]
  if (report.rejected)
    lines.push(
      '因存在问题，按“全部成功才导入”模式未写入任何资源。可修改后重新导入，或使用 --mode skipInvalid。',
    )
  for (const p of report.problems) lines.push(`  - ${place(p)}`)
  return lines
}

/** Runs one import; the exit code is 0 only when the file had no problems at all. */
export async function catalogImport(db: Db, args: CatalogImportArgs): Promise<number> {
  const out = args.out ?? ((line: string) => console.log(line))
  let bytes: Buffer
  try {
    bytes = await readFile(args.file)
  } catch (error) {
    out(`无法读取文件 ${args.file}：${error instanceof Error ? error.message : String(error)}`)
    return 1
  }
  let ctx: ReturnType<typeof cliContext>
  try {
    ctx = cliContext(await cliActor(db, args.username), 'catalog-import')
  } catch (error) {
    if (error instanceof CliUserError) {
      out(error.message)
      return 1
    }
    throw error
  }
  const bar = args.progress
    ? new cliProgress.SingleBar(
        { format: '{phase} [{bar}] {value}/{total}', hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      )
    : null
  let phase: ImportProgress['phase'] | null = null
  const onProgress = (p: ImportProgress) => {
    if (bar) {
      if (p.phase !== phase) {
        if (phase === null) bar.start(Math.max(p.total, 1), p.done, { phase: PHASES[p.phase] })
        else bar.setTotal(Math.max(p.total, 1))
      }
      bar.update(p.done, { phase: PHASES[p.phase] })
    } else if (p.phase !== phase) {
      out(`${PHASES[p.phase]}…`)
    }
    phase = p.phase
  }
  try {
    const report = await importCatalog(db, ctx, bytes, {
      orgId: args.orgId,
      mode: args.mode,
      dryRun: args.dryRun,
      via: 'cli',
      onProgress,
    })
    bar?.stop()
    for (const line of reportLines(report)) out(line)
    return report.problems.length ? 1 : 0
  } catch (error) {
    bar?.stop()
    if (!(error instanceof DomainError)) throw error
    out(`导入失败：${error.def.zh}${error.detail ? `（${error.detail.zh}）` : ''}`)
    const report = error.extra?.report as ImportReport | undefined
    if (report) for (const line of reportLines(report)) out(line)
    const problems = error.extra?.problems as ImportReport['problems'] | undefined
    if (problems) for (const p of problems) out(`  - ${place(p)}`)
    return 1
  }
}
