import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import autocannon from 'autocannon'
import {
  type Figures,
  findProcess,
  gitRevision,
  machine,
  ratios,
  record,
  rssMb,
  table,
  treeRssMb,
} from './lib.ts'

const root = new URL('..', import.meta.url).pathname
const DURATION = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = 100
const PASSWORD = 'BenchAdmin123'

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
  readyMs: number
}

async function start(command: string, args: string[], env: Record<string, string>): Promise<Started> {
  const port = await freePort()
  const began = performance.now()
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: 'ignore',
    detached: true,
  })
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode}`)
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`)
      if (res.ok) return { child, port, readyMs: Math.round(performance.now() - began) }
    } catch {}
    if (performance.now() - began > 120_000) throw new Error('server did not become ready in 120 s')
    await sleep(25)
  }
}

async function stop(s: Started): Promise<void> {
  if (s.child.exitCode !== null || s.child.pid === undefined) return
  const exited = new Promise((resolve) => s.child.once('exit', resolve))
  process.kill(-s.child.pid, 'SIGTERM')
  await Promise.race([exited, sleep(10_000)])
}

async function load(url: string, headers: Record<string, string> = {}) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers })
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx and ${r.errors} errors`)
  return { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99 }
}

export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shuhui-bench-'))
  const env = {
    DATA_DIR: dataDir,
    ADMIN_PASSWORD: PASSWORD,
    LOG_LEVEL: 'warn',
    JOBS_ENABLED: 'true',
    NODE_ENV: 'development',
  }
  const ours: Figures = {}
  const baseline: Figures = {}
  try {
    console.log('cold start (first `npm start` on an empty PGlite data dir) …')
    const first = await start('npm', ['start', '--silent'], env)
    ours.firstStartReadyMs = first.readyMs
    await stop(first)

    console.log('warm start and idle memory …')
    const server = await start('npm', ['start', '--silent'], env)
    ours.restartReadyMs = server.readyMs
    await sleep(5000)
    const serverPid = findProcess(server.child.pid ?? 0, 'src/main.ts')
    ours.idleRssMb = serverPid ? rssMb([serverPid]) : treeRssMb(server.child.pid ?? 0)
    ours.idleRssWithNpmMb = treeRssMb(server.child.pid ?? 0)

    const base = `http://127.0.0.1:${server.port}`
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    })
    const { token } = (await login.json()) as { token: string }
    const auth = { authorization: `Bearer ${token}` }
    const readPath = '/api/v1/orgs?regionCode=430000&pageSize=20'
    const orgsBody = await (await fetch(`${base}${readPath}`, { headers: auth })).text()

    console.log(`load: /healthz and ${readPath}, ${CONNECTIONS} connections, ${DURATION} s each …`)
    const health = await load(`${base}/healthz`)
    const read = await load(`${base}${readPath}`, auth)
    Object.assign(ours, {
      healthzRps: health.rps,
      healthzP50Ms: health.p50,
      healthzP99Ms: health.p99,
      authReadRps: read.rps,
      authReadP50Ms: read.p50,
      authReadP99Ms: read.p99,
    })
    await stop(server)

    const pgUrl = process.env.BENCH_DATABASE_URL
    if (pgUrl) {
      console.log('the same read with the server on PostgreSQL (BENCH_DATABASE_URL) …')
      const onPg = await start(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        ...env,
        DATABASE_URL: pgUrl,
      })
      const pgLogin = await fetch(`http://127.0.0.1:${onPg.port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: PASSWORD }),
      })
      const pgToken = ((await pgLogin.json()) as { token: string }).token
      const pgRead = await load(`http://127.0.0.1:${onPg.port}${readPath}`, {
        authorization: `Bearer ${pgToken}`,
      })
      Object.assign(ours, {
        pgAuthReadRps: pgRead.rps,
        pgAuthReadP50Ms: pgRead.p50,
        pgAuthReadP99Ms: pgRead.p99,
      })
      await stop(onPg)
    }

    console.log('baseline: bare Fastify serving the same bytes from memory …')
    const bare = await start(process.execPath, ['bench/baseline-server.mjs'], { ORGS_BODY: orgsBody })
    baseline.firstStartReadyMs = bare.readyMs
    baseline.restartReadyMs = bare.readyMs
    await sleep(2000)
    baseline.idleRssMb = treeRssMb(bare.child.pid ?? 0)
    const bareHealth = await load(`http://127.0.0.1:${bare.port}/healthz`)
    const bareRead = await load(`http://127.0.0.1:${bare.port}${readPath}`)
    Object.assign(baseline, {
      healthzRps: bareHealth.rps,
      healthzP50Ms: bareHealth.p50,
      healthzP99Ms: bareHealth.p99,
      authReadRps: bareRead.rps,
      authReadP50Ms: bareRead.p50,
      authReadP99Ms: bareRead.p99,
      ...(process.env.BENCH_DATABASE_URL
        ? { pgAuthReadRps: bareRead.rps, pgAuthReadP50Ms: bareRead.p50, pgAuthReadP99Ms: bareRead.p99 }
        : {}),
    })
    baseline.idleRssWithNpmMb = baseline.idleRssMb ?? 0
    await stop(bare)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }

  const result = {
    name: 'http',
    date: new Date().toISOString(),
    machine: machine(
      process.env.BENCH_DATABASE_URL
        ? 'PGlite (embedded, default `npm start`); pg* figures on PostgreSQL from BENCH_DATABASE_URL'
        : 'PGlite (embedded, default `npm start`)',
    ),
    ours,
    baseline,
    ratio: ratios(ours, baseline),
    baselineDescription:
      'bare Fastify (same version, no database, auth, hooks or plugins) answering the same paths with the same bytes from memory, started with plain node',
    targets: {
      firstStartReadyMs: {
        target: '≤ 10000 ms after `npm start` on PGlite',
        met: (ours.firstStartReadyMs ?? Infinity) <= 10_000,
      },
      idleRssMb: { target: '≤ 400 MB idle RSS', met: (ours.idleRssMb ?? Infinity) <= 400 },
    },
    notes: [
      `revision ${gitRevision()}; load generator (autocannon, ${CONNECTIONS} connections, ${DURATION} s) shares the machine with the server`,
      'the authenticated read resolves the bearer session (cached for AUTH_CACHE_SECONDS) and runs the org list query (one query with its window count) on every request',
      'idleRssMb is the server process; idleRssWithNpmMb adds the npm wrapper that `npm start` keeps alive',
    ],
  }
  const rows: [string, number | string, number | string, number | string][] = Object.keys(ours).map((k) => [
    k,
    ours[k] ?? '',
    baseline[k] ?? '',
    result.ratio[k] ?? '',
  ])
  const summary = `# bench http — ${result.date}\n\nMachine: ${result.machine.cpus} × ${result.machine.cpuModel}, ${result.machine.memoryGiB} GiB, Node ${result.machine.node}, ${result.machine.database}.\n\nBaseline: ${result.baselineDescription}.\n\n${table(rows)}\n\nTargets: ${Object.entries(
    result.targets,
  )
    .map(([k, v]) => `${k} ${v.target}: ${v.met ? 'met' : 'NOT met'}`)
    .join('; ')}.\n`
  const file = record(result, summary)
  console.log(summary)
  console.log(`recorded ${file}.json`)
}
