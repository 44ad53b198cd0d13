import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'

export interface Machine {
  cpus: number
  cpuModel: string
  memoryGiB: number
  node: string
  os: string
  database: string
}

export type Figures = Record<string, number>

export interface BenchResult {
  name: string
  date: string
  machine: Machine
  /** What was measured for Shuhui. */
  ours: Figures
  /** The same figures for the baseline, measured in the same run. */
  baseline: Figures
  /** ours ÷ baseline for throughputs, baseline ÷ ours for times and sizes: higher is always better. */
  ratio: Figures
  baselineDescription: string
  targets?: Record<string, { target: string; met: boolean }>
  notes?: string[]
}

export function machine(database: string): Machine {
  let osName: string = process.platform
  try {
    osName = readFileSync('/etc/os-release', 'utf8').match(/PRETTY_NAME="([^"]+)"/)?.[1] ?? osName
  } catch {}
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: osName,
    database,
  }
}

/** Throughput keys end in `Rps`/`PerSec`; everything else (ms, MB) is lower-is-better. */
export function ratios(ours: Figures, baseline: Figures): Figures {
  const out: Figures = {}
  for (const [k, v] of Object.entries(ours)) {
    const b = baseline[k]
    if (b === undefined || v === 0 || b === 0) continue
    const higherIsBetter = /(Rps|PerSec)$/.test(k)
    out[k] = Math.round((higherIsBetter ? v / b : b / v) * 1000) / 1000
  }
  return out
}

export function record(result: BenchResult, summary: string): string {
  const dir = new URL('./results/', import.meta.url).pathname
  mkdirSync(dir, { recursive: true })
  const stamp = result.date.replace(/[:.]/g, '-')
  const base = join(dir, `${result.name}-${stamp}`)
  writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`)
  writeFileSync(`${base}.md`, summary)
  return base
}

export function table(rows: [string, string | number, string | number, string | number][]): string {
  const lines = ['| figure | Shuhui | baseline | ratio (higher is better) |', '|---|---|---|---|']
  for (const [a, b, c, d] of rows) lines.push(`| ${a} | ${b} | ${c} | ${d} |`)
  return lines.join('\n')
}

/** Pids of a process and all its descendants (Linux /proc). */
export function processTree(rootPid: number): number[] {
  const parents = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      parents.set(Number(entry), ppid)
    } catch {}
  }
  const pids = new Set([rootPid])
  let grew = true
  while (grew) {
    grew = false
    for (const [pid, ppid] of parents) {
      if (pids.has(ppid) && !pids.has(pid)) {
        pids.add(pid)
        grew = true
      }
    }
  }
  return [...pids]
}

export function rssMb(pids: readonly number[]): number {
  let kb = 0
  for (const pid of pids) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
      kb += Number(m?.[1] ?? 0)
    } catch {}
  }
  return Math.round(kb / 1024)
}

/** Resident memory of a process and all its descendants, in MB. */
export function treeRssMb(rootPid: number): number {
  return rssMb(processTree(rootPid))
}

/** The node process among the descendants whose command line contains `marker` (the server under `npm start`). */
export function findProcess(rootPid: number, marker: string): number | undefined {
  return processTree(rootPid).find((pid) => {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
      return /node$/.test(argv[0] ?? '') && argv.some((a) => a.includes(marker))
    } catch {
      return false
    }
  })
}

export function gitRevision(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
  } catch {
    return 'unknown'
  }
}
