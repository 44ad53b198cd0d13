/**
 * `npm run bench -- gateway`: point lookups by key through the data gateway on real PostgreSQL
 * (BENCH_DATABASE_URL, required; a scratch database is created and dropped). A 1-million-row datastore resource,
 * 100 connections (autocannon) with random existing keys, through bearer authentication, grant check, rate and
 * quota, masking and call logging — side by side, in the same run, with a bare Fastify + pg handler doing the
 * same query on the same table (bench/gateway-baseline.ts). Rounds alternate baseline and Shuhui.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import autocannon from 'autocannon'
import pg from 'pg'
import { json, PASSWORD, prepare, ROWS, sfzhOf } from './gateway-setup.ts'
import { type Figures, gitRevision, machine, processTree, ratios, record, table } from './lib.ts'

const root = new URL('..', import.meta.url).pathname
const DURATION = Number(process.env.BENCH_SECONDS ?? 15)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2)
const CONNECTIONS = 100

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const address = s.address()
      const port = typeof address === 'object' && address ? address.port : 0
      s.close(() => resolve(port))
    })
  })
}

interface Started {
  child: ChildProcess
  port: number
}

async function start(args: string[], env: Record<string, string>): Promise<Started> {
  const port = await freePort()
  const began = performance.now()
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  })
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`)
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return { child, port }
    } catch {}
    if (performance.now() - began > 120_000) throw new Error('server did not become ready in 120 s')
    await sleep(50)
  }
}

async function stop(s: Started): Promise<void> {
  if (s.child.exitCode !== null || s.child.pid === undefined) return
  const exited = new Promise((resolve) => s.child.once('exit', resolve))
  process.kill(-s.child.pid, 'SIGTERM')
  await Promise.race([exited, sleep(20_000)])
}

/**
 * CPU seconds (user + system, clock ticks of 1/100 s from /proc) of a process and its live descendants, plus
 * what its exited children used (cutime + cstime), so backends that come and go are still counted.
 */
function cpuSeconds(root: number): number {
  let ticks = 0
  for (const pid of processTree(root)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      ticks += Number(fields[11]) + Number(fields[12])
      if (pid === root) ticks += Number(fields[13]) + Number(fields[14])
    } catch {}
  }
  return ticks / 100
}

interface Load {
  rps: number
  p50: number
  p99: number
  p999: number
  requests: number
  /** CPU µs per answered call of the server process and of all PostgreSQL processes. */
  serverCpuUs: number
  pgCpuUs: number
}

async function load(
  base: string,
  pathOf: (sfzh: string) => string,
  headers: Record<string, string>,
  server: Started,
  postmaster: number,
) {
  const serverPid = server.child.pid ?? 0
  const cpu0 = [cpuSeconds(serverPid), cpuSeconds(postmaster)]
  const r = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION,
    headers,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: pathOf(sfzhOf(1 + Math.floor(Math.random() * ROWS))) }),
      },
    ],
  })
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${base}: ${r.non2xx} non-2xx and ${r.errors} errors`)
  const perCall = (seconds: number) => Math.round((seconds * 1e6) / Math.max(1, r['2xx']))
  return {
    serverCpuUs: perCall(cpuSeconds(serverPid) - (cpu0[0] ?? 0)),
    pgCpuUs: perCall(cpuSeconds(postmaster) - (cpu0[1] ?? 0)),
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    p999: r.latency.p99_9,
    requests: r['2xx'],
  } satisfies Load
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

export async function run(): Promise<void> {
  const pgUrl = process.env.BENCH_DATABASE_URL
  if (!pgUrl)
    throw new Error('bench gateway needs BENCH_DATABASE_URL (a PostgreSQL server it may create databases on)')
  const dbName = `shuhui_bench_gw_${Date.now().toString(36)}`
  const admin = new pg.Client({ connectionString: pgUrl })
  await admin.connect()
  await admin.query(`create database ${dbName}`)
  await admin.end()
  const url = withDatabase(pgUrl, dbName)
  const client = new pg.Client({ connectionString: url })
  const dataDir = mkdtempSync(join(tmpdir(), 'shuhui-bench-gw-'))
  const ours: Figures = {}
  const baseline: Figures = {}
  const rounds: string[] = []
  let shuhui: Started | undefined
  let bare: Started | undefined
  try {
    const profile = process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : []
    shuhui = await start([...profile, '--import', 'tsx', 'src/main.ts'], {
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: PASSWORD,
      SECRET_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      JOBS_ENABLED: 'false',
      NODE_ENV: 'production',
    })
    await client.connect()
    // The PostgreSQL server's processes, for CPU per call: the postmaster is every backend's parent.
    const backend = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid ?? 0
    const bstat = readFileSync(`/proc/${backend}/stat`, 'utf8')
    const postmaster = Number(bstat.slice(bstat.lastIndexOf(')') + 2).split(' ')[1])
    const base = `http://127.0.0.1:${shuhui.port}`
    const setup = await prepare(base, client)
    const gwPath = (sfzh: string) => `/gw/v1/${encodeURIComponent(setup.code)}?sfzh=${sfzh}`
    const first = performance.now()
    const probe = await fetch(`${base}${gwPath(sfzhOf(42))}`, { headers: setup.bearer })
    const firstCallMs = Math.round(performance.now() - first)
    const sample = await json<{ items: Record<string, unknown>[]; masked: string[] }>(probe)
    if (sample.items.length !== 1) throw new Error(`probe returned ${JSON.stringify(sample)}`)
    console.log(`first call (builds the key index) ${firstCallMs} ms; sample ${JSON.stringify(sample)}`)

    bare = await start(['--import', 'tsx', 'bench/gateway-baseline.ts'], {
      BASELINE_DATABASE_URL: url,
      BASELINE_TABLE: setup.tableName,
      BASELINE_COLUMNS: setup.columns.join(','),
    })
    const bareBase = `http://127.0.0.1:${bare.port}`
    const barePath = (sfzh: string) => `/lookup?sfzh=${sfzh}`
    console.log('warm-up: 3 s each …')
    const warmDuration = 3
    await autocannon({
      url: `${bareBase}${barePath(sfzhOf(7))}`,
      connections: CONNECTIONS,
      duration: warmDuration,
    })
    const warm = await autocannon({
      url: `${base}${gwPath(sfzhOf(7))}`,
      connections: CONNECTIONS,
      duration: warmDuration,
      headers: setup.bearer,
    })
    let sentToOurs = 1 + warm['2xx'] + warm.non2xx
    const ourRuns: Load[] = []
    const bareRuns: Load[] = []
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(
        `round ${round}/${ROUNDS}: baseline, then Shuhui, ${CONNECTIONS} connections, ${DURATION} s each …`,
      )
      const b = await load(bareBase, barePath, {}, bare, postmaster)
      bareRuns.push(b)
      const o = await load(base, gwPath, setup.bearer, shuhui, postmaster)
      ourRuns.push(o)
      sentToOurs += o.requests
      rounds.push(
        `round ${round}: baseline ${b.rps} rps (p50 ${b.p50} / p99 ${b.p99} ms, CPU/call server ${b.serverCpuUs} µs + PostgreSQL ${b.pgCpuUs} µs), Shuhui ${o.rps} rps (p50 ${o.p50} / p99 ${o.p99} ms, CPU/call server ${o.serverCpuUs} µs + PostgreSQL ${o.pgCpuUs} µs)`,
      )
      console.log(rounds[rounds.length - 1])
    }
    // The same server's lightest route (no database, no credential, helmet's headers): what any route through
    // the platform's HTTP pipeline can reach on this machine, next to what the target asks of the gateway.
    const floor = await load(base, () => '/healthz', {}, shuhui, postmaster)
    ours.healthzRps = floor.rps
    ours.healthzServerCpuUs = floor.serverCpuUs
    rounds.push(
      `Shuhui GET /healthz (no work: the platform pipeline alone) ${floor.rps} rps, server CPU ${floor.serverCpuUs} µs/call`,
    )
    console.log(rounds[rounds.length - 1])
    const mean = (xs: number[]) => Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 10) / 10
    for (const [into, runs] of [
      [ours, ourRuns],
      [baseline, bareRuns],
    ] as const) {
      into.lookupRps = mean(runs.map((r) => r.rps))
      into.lookupP50Ms = mean(runs.map((r) => r.p50))
      into.lookupP99Ms = mean(runs.map((r) => r.p99))
      into.lookupP999Ms = mean(runs.map((r) => r.p999))
      into.serverCpuUsPerCall = mean(runs.map((r) => r.serverCpuUs))
      into.postgresCpuUsPerCall = mean(runs.map((r) => r.pgCpuUs))
    }
    await stop(shuhui)
    shuhui = undefined
    const logged = await client.query<{ n: string }>('select count(*) as n from gateway_calls')
    ours.loggedCalls = Number(logged.rows[0]?.n ?? 0)
    ours.answeredCalls = sentToOurs
    const index = await client.query<{ n: string }>(
      `select count(*) as n from pg_indexes where schemaname = 'datastore' and indexname like 'gw_%'`,
    )
    ours.keyIndexes = Number(index.rows[0]?.n ?? 0)
    ours.firstCallMs = firstCallMs
    ours.generateRowsMs = setup.generateMs
  } finally {
    if (shuhui) await stop(shuhui)
    if (bare) await stop(bare)
    await client.end().catch(() => {})
    const drop = new pg.Client({ connectionString: pgUrl })
    await drop.connect()
    await drop.query(`drop database if exists ${dbName} with (force)`)
    await drop.end()
    rmSync(dataDir, { recursive: true, force: true })
  }

  const ratio = ratios(ours, baseline)
  const date = new Date().toISOString()
  const result = {
    name: 'gateway',
    date,
    machine: machine('PostgreSQL (BENCH_DATABASE_URL) on the same machine'),
    ours,
    baseline,
    ratio,
    baselineDescription:
      'bare Fastify (same version) + pg pool of the same size (10) running the same point query on the same table per request: no auth, grant check, masking or logging',
    targets: {
      throughput: { target: '≥ 2× the bare handler', met: (ratio.lookupRps ?? 0) >= 2 },
      p99: { target: '≤ 50 ms', met: (ours.lookupP99Ms ?? Infinity) <= 50 },
      floor: { target: '≥ 3,500 requests/s', met: (ours.lookupRps ?? 0) >= 3500 },
      logged: {
        target: 'every answered call logged after a graceful stop',
        met: (ours.loggedCalls ?? 0) >= (ours.answeredCalls ?? Infinity),
      },
    },
    notes: [
      `revision ${process.env.BENCH_REVISION ?? gitRevision()}; \`date\`: ${execFileSync('date', { encoding: 'utf8' }).trim()}; \`nproc\`: ${execFileSync('nproc', { encoding: 'utf8' }).trim()}`,
      `${ROWS.toLocaleString()} rows; ${CONNECTIONS} connections; ${DURATION} s per run; ${ROUNDS} alternating rounds, figures are their means; random existing keys; autocannon, both servers and PostgreSQL share the machine`,
      ...rounds,
      'Shuhui: `node --import tsx src/main.ts`, NODE_ENV=production, LOG_LEVEL=warn, JOBS_ENABLED=false, default pool (10); bearer token from POST /api/v1/oauth/token; a grant with rate and quota set (so the limiter runs) and no review (so 4 personal fields are masked)',
      'loggedCalls counts gateway_calls rows after SIGTERM; answeredCalls counts 2xx/non-2xx responses autocannon saw (requests still in flight at the end of a run are logged but not counted there)',
    ],
  }
  const rows: [string, number | string, number | string, number | string][] = Object.keys(ours).map((k) => [
    k,
    ours[k] ?? '',
    baseline[k] ?? '',
    ratio[k] ?? '',
  ])
  const summary = `# bench gateway — ${date}\n\nMachine: ${result.machine.cpus} × ${result.machine.cpuModel}, ${result.machine.memoryGiB} GiB, Node ${result.machine.node}, ${result.machine.os}, ${result.machine.database}.\n\nBaseline: ${result.baselineDescription}.\n\n${table(rows)}\n\nTargets: ${Object.entries(
    result.targets,
  )
    .map(([k, v]) => `${k} ${v.target}: ${v.met ? 'met' : 'NOT met'}`)
    .join('; ')}.\n\nNotes:\n\n${result.notes.map((n) => `- ${n}`).join('\n')}\n`
  const file = record(result, summary)
  console.log(summary)
  console.log(`recorded ${file}.json`)
}
