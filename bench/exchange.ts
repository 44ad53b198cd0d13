/**
 * `npm run bench -- exchange`: 1 million rows of a datastore resource delivered by a batch exchange job to a
 * PostgreSQL target table (keyset chunks, checkpoint in the target per chunk, COPY into the target), against
 * `psql \copy` of the same columns piped from the source table into a table of the target, in the same run.
 * BENCH_DATABASE_URL (required) is a PostgreSQL server on which a source and a target database are created and
 * dropped. BENCH_ROWS (default 1,000,000), BENCH_CHUNK (rows per chunk, default 50,000), BENCH_ROUNDS (default 2).
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { migrationSources } from '../src/app.ts'
import { cliActor, cliContext } from '../src/cli/actor.ts'
import { runJobHere } from '../src/modules/sharing/index.ts'
import { loadConfig } from '../src/platform/config.ts'
import { migrate, openDatabase } from '../src/platform/db/index.ts'
import { BENCH_FIELDS, prepareSource } from './exchange-setup.ts'
import { type Figures, gitRevision, machine, ratios, record, table } from './lib.ts'

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2)
const CHUNK = Number(process.env.BENCH_CHUNK ?? 50_000)
const PSQL = process.env.PSQL ?? '/usr/lib/postgresql/15/bin/psql'
const TARGET_RATIO = 0.6

const run$ = promisify(execFile)
const withDatabase = (url: string, name: string) => {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d

async function onServer(base: string, text: string) {
  const c = new pg.Client({ connectionString: base })
  await c.connect()
  try {
    return await c.query(text)
  } finally {
    await c.end()
  }
}

/** The raw copy: the same columns out of the source table and into an empty table of the target, one pipe. */
async function rawCopy(sourceUrl: string, targetUrl: string, table: string): Promise<number> {
  const cols = BENCH_FIELDS.join(', ')
  await onServer(targetUrl, 'truncate rk_copy')
  const out = `${PSQL} -X -q -d "$SRC" -c "\\copy (select ${cols} from ${table}) to stdout"`
  const into = `${PSQL} -X -q -d "$TGT" -c "\\copy rk_copy (${cols}) from stdin"`
  const began = performance.now()
  await run$('bash', ['-o', 'pipefail', '-c', `${out} | ${into}`], {
    env: { ...process.env, SRC: sourceUrl, TGT: targetUrl },
    maxBuffer: 1 << 20,
  })
  return (performance.now() - began) / 1000
}

async function count(url: string, table: string): Promise<number> {
  return Number((await onServer(url, `select count(*)::int as n from ${table}`)).rows[0]?.n ?? 0)
}

export async function run(): Promise<void> {
  const base = process.env.BENCH_DATABASE_URL
  if (!base)
    throw new Error(
      'bench exchange needs BENCH_DATABASE_URL (a PostgreSQL server it may create databases on)',
    )
  const loadStart = round(loadavg()[0] ?? 0, 2)
  const tag = randomBytes(4).toString('hex')
  const sourceName = `shuhui_bench_exsrc_${tag}`
  const targetName = `shuhui_bench_extgt_${tag}`
  await onServer(base, `create database ${sourceName}`)
  await onServer(base, `create database ${targetName}`)
  const sourceUrl = withDatabase(base, sourceName)
  const targetUrl = withDatabase(base, targetName)
  const dataDir = mkdtempSync(join(tmpdir(), 'shuhui-bench-exchange-'))
  const handle = await openDatabase({ databaseUrl: sourceUrl, poolSize: 4 })
  const version = String((await onServer(base, 'show server_version')).rows[0]?.server_version ?? '?')
  try {
    const migrated = await migrate(handle.db, migrationSources)
    if (migrated.error) throw migrated.error
    const config = loadConfig({
      DATABASE_URL: sourceUrl,
      NODE_ENV: 'test',
      SECRET_KEY: randomBytes(32).toString('hex'),
      ADMIN_PASSWORD: `Bench${randomBytes(6).toString('hex')}`,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    })
    console.log(`generating ${ROWS.toLocaleString()} rows in the source …`)
    const source = await prepareSource(handle, config, ROWS, targetUrl)
    await onServer(
      targetUrl,
      'create table rk_copy (sfzh text, xm text, sjhm text, xzqh text, nl bigint, bz text, gxsj timestamptz)',
    )
    const ctx = cliContext(await cliActor(handle.db, 'bench.consumer'), 'bench-exchange')
    const exchange = async (jobId: string, into: string) => {
      const began = performance.now()
      const cpu = process.cpuUsage()
      const { outcome } = await runJobHere(handle.db, config, ctx, jobId)
      const seconds = (performance.now() - began) / 1000
      const used = process.cpuUsage(cpu)
      console.log(`node cpu ${((used.user + used.system) / 1e6).toFixed(2)} s of ${seconds.toFixed(2)} s`)
      if (outcome.status !== 'succeeded') throw new Error(`exchange run: ${JSON.stringify(outcome)}`)
      const n = await count(targetUrl, into)
      if (n !== ROWS) throw new Error(`target ${into} has ${n} rows, expected ${ROWS}`)
      return seconds
    }
    const oursSeconds: number[] = []
    const copySeconds: number[] = []
    for (let r = 0; r < ROUNDS; r++) {
      oursSeconds.push(await exchange(source.jobIds.clear, 'rk'))
      console.log(`round ${r + 1}: exchange ${round(oursSeconds.at(-1) ?? 0, 2)} s`)
      copySeconds.push(await rawCopy(sourceUrl, targetUrl, source.table))
      if ((await count(targetUrl, 'rk_copy')) !== ROWS) throw new Error('raw copy lost rows')
      console.log(`round ${r + 1}: psql \\copy ${round(copySeconds.at(-1) ?? 0, 2)} s`)
    }
    const maskedSeconds = await exchange(source.jobIds.masked, 'rk_masked')
    console.log(`masked (unreviewed grant): ${round(maskedSeconds, 2)} s`)
    const best = (xs: number[]) => Math.min(...xs)
    const ours: Figures = {
      rowsPerSec: Math.round(ROWS / best(oursSeconds)),
      seconds: round(best(oursSeconds), 2),
      firstRunSeconds: round(oursSeconds[0] ?? 0, 2),
      maskedRowsPerSec: Math.round(ROWS / maskedSeconds),
    }
    const baseline: Figures = {
      rowsPerSec: Math.round(ROWS / best(copySeconds)),
      seconds: round(best(copySeconds), 2),
      maskedRowsPerSec: Math.round(ROWS / best(copySeconds)),
    }
    const ratio = ratios(ours, baseline)
    const met = (ratio.rowsPerSec ?? 0) >= TARGET_RATIO
    const result = {
      name: 'exchange',
      date: new Date().toISOString(),
      machine: machine(
        `PostgreSQL ${version} (BENCH_DATABASE_URL), source and target databases on the same server`,
      ),
      ours,
      baseline,
      ratio,
      baselineDescription: `psql \\copy of the same ${BENCH_FIELDS.length} columns out of the source table piped into psql \\copy into an empty table of the target database (no checkpoints, no masking, no ordering)`,
      targets: {
        rowsPerSec: { target: `≥ ${TARGET_RATIO}× the raw psql \\copy rows/s`, met },
      },
      notes: [
        `revision ${gitRevision()}`,
        `${ROWS.toLocaleString()} rows, ${CHUNK.toLocaleString()} rows per chunk, best of ${ROUNDS} rounds (exchange and raw copy alternate)`,
        'exchange = the whole run as `shuhui exchange run` does it (runJobHere): grant and plan checks, sort-key index check, row count, keyset chunks (end key by an index walk, then COPY (…) TO STDOUT of the range on a dedicated connection, the next chunk read while the current one is written), each chunk COPYed into the target in one transaction with its checkpoint row, progress mirror in the platform database, audit',
        `rounds (s): exchange ${oursSeconds.map((x) => round(x, 2)).join(', ')}; psql \\copy ${copySeconds.map((x) => round(x, 2)).join(', ')}`,
        `load average (1 min) at start ${loadStart}, at end ${round(loadavg()[0] ?? 0, 2)} — the 2 cores are shared with other work, so rounds vary`,
        'the source table is vacuumed and analysed after generation (a table at rest: autovacuum has set its visibility map)',
        'firstRunSeconds includes building the sort-key index on the hosted table (once per loaded table)',
        `all ${ROWS.toLocaleString()} rows were counted in the target after every round`,
        'maskedRowsPerSec: the same run under an unreviewed grant (ID number, name and phone masked in Node)',
      ],
    }
    const rows: [string, string | number, string | number, string | number][] = Object.keys(ours).map((k) => [
      k,
      ours[k] ?? '',
      baseline[k] ?? '',
      ratio[k] ?? '',
    ])
    const summary = `# bench exchange — ${result.date}\n\nMachine: ${result.machine.cpus} × ${result.machine.cpuModel}, ${result.machine.memoryGiB} GiB, Node ${result.machine.node}, ${result.machine.database}.\n\nBaseline: ${result.baselineDescription}.\n\n${table(rows)}\n\nTarget: ${result.targets.rowsPerSec.target}: ${met ? 'met' : 'NOT met'} (${ratio.rowsPerSec ?? '?'}×).\n\n${result.notes.map((n) => `- ${n}`).join('\n')}\n`
    const file = record(result, summary)
    console.log(summary)
    console.log(`recorded ${file}.json`)
  } finally {
    await handle.close()
    rmSync(dataDir, { recursive: true, force: true })
    await onServer(base, `drop database if exists ${sourceName} with (force)`)
    await onServer(base, `drop database if exists ${targetName} with (force)`)
  }
}
