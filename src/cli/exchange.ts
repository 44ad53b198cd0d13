/**
 * `shuhui exchange run <job>`: runs a batch exchange job in this process with a progress bar. Resumes the job's
 * unfinished or failed run from its checkpoint (after a crash or SIGKILL too), otherwise starts a new run.
 */

import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import { type RunProgress, runJobHere } from '../modules/sharing/index.ts'
import type { Config } from '../platform/config.ts'
import type { Db } from '../platform/db/index.ts'
import { DomainError } from '../platform/errors.ts'
import { CliUserError, cliActor, cliContext } from './actor.ts'
import { withCliDatabase } from './database.ts'

export const EXCHANGE_USAGE = `用法 / usage:
  npm run shuhui -- exchange run <任务ID> [--as <用户名>]

  --as   以哪个用户的名义执行并记入审计（默认 admin）；须为使用方的数据专员/单位管理员，或提供方所在区域的数据局管理员

未完成或失败的批次从检查点续跑（不丢不重），否则开始新批次。
退出码：0 完成；1 失败或任务正被其他进程执行；2 用法错误；78 配置错误。`

export interface ExchangeRunArgs {
  readonly jobId: string
  readonly username: string
  /** Draw a progress bar (on a terminal); otherwise print one line per chunk. */
  readonly progress: boolean
  readonly out?: (line: string) => void
}

const duration = (seconds: number | null) => {
  if (seconds === null || !Number.isFinite(seconds)) return '—'
  const s = Math.max(0, Math.round(seconds))
  return s >= 3600
    ? `${Math.floor(s / 3600)}时${Math.floor((s % 3600) / 60)}分`
    : s >= 60
      ? `${Math.floor(s / 60)}分${s % 60}秒`
      : `${s}秒`
}

function progressLine(p: RunProgress): string {
  const pct = p.rowsTotal ? ` (${((p.rowsDone / p.rowsTotal) * 100).toFixed(1)}%)` : ''
  const eta = p.rowsTotal && p.rate > 0 ? (p.rowsTotal - p.rowsDone) / p.rate : null
  return `已交换 ${p.rowsDone}/${p.rowsTotal ?? '?'} 行${pct}，第 ${p.chunksDone} 批，${Math.round(p.rate)} 行/秒，预计剩余 ${duration(eta)}`
}

export async function exchangeRun(db: Db, config: Config, args: ExchangeRunArgs): Promise<number> {
  const out = args.out ?? ((line: string) => console.log(line))
  let ctx: ReturnType<typeof cliContext>
  try {
    ctx = cliContext(await cliActor(db, args.username), 'exchange-run')
  } catch (error) {
    if (error instanceof CliUserError) {
      out(error.message)
      return 1
    }
    throw error
  }
  const bar = args.progress
    ? new cliProgress.SingleBar(
        {
          format: '交换 [{bar}] {percentage}% | {value}/{total} 行 | {speed} 行/秒 | 剩余 {left}',
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null
  let started = false
  const onProgress = (p: RunProgress) => {
    if (!bar) return out(progressLine(p))
    const eta = p.rowsTotal && p.rate > 0 ? (p.rowsTotal - p.rowsDone) / p.rate : null
    const payload = { speed: Math.round(p.rate), left: duration(eta) }
    // The total is counted alongside the first chunks: the bar's length is set once it is known.
    const total = Math.max(p.rowsTotal ?? p.rowsDone, p.rowsDone, 1)
    if (!started) bar.start(total, p.rowsDone, payload)
    else bar.setTotal(total)
    started = true
    bar.update(p.rowsDone, payload)
  }
  try {
    const { runId, outcome } = await runJobHere(db, config, ctx, args.jobId, { onProgress })
    bar?.stop()
    switch (outcome.status) {
      case 'succeeded':
        out(`完成：批次 ${runId} 共交付 ${outcome.rows} 行`)
        return 0
      case 'failed':
        out(`失败：批次 ${runId}（${outcome.code}）；再次执行将从检查点续跑`)
        return 1
      case 'busy':
        out(`批次 ${runId} 正由其他进程执行`)
        return 1
      default:
        out(`批次 ${runId} 已结束`)
        return 0
    }
  } catch (error) {
    bar?.stop()
    if (!(error instanceof DomainError)) throw error
    out(`无法执行：${error.def.zh}${error.detail ? `（${error.detail.zh}）` : ''}`)
    return 1
  }
}

/** `exchange …` of the command line: parses its own arguments, opens the database like the server. */
export async function exchangeMain(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ allowPositionals: true; options: typeof OPTIONS }>>
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS })
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${EXCHANGE_USAGE}`)
    return 2
  }
  const [command, jobId, ...rest] = parsed.positionals
  if (parsed.values.help) {
    console.log(EXCHANGE_USAGE)
    return 0
  }
  if (command !== 'run' || !jobId || rest.length || !/^[0-9a-f-]{36}$/i.test(jobId)) {
    console.error(EXCHANGE_USAGE)
    return 2
  }
  return withCliDatabase((db, config) =>
    exchangeRun(db, config, {
      jobId,
      username: parsed.values.as ?? config.adminUsername,
      progress: process.stderr.isTTY === true,
    }),
  )
}

const OPTIONS = {
  as: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const
