/**
 * Exactly-once across crashes: a child process runs the exchange (`shuhui exchange run`, or a helper that kills
 * itself between the target's commit and our progress mirror), is killed with SIGKILL mid-run, and restarts; the
 * target then holds exactly the source rows of the grant's scope, none lost, none twice.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import pg from 'pg'
import { ADMIN_PASSWORD, TEST_SECRET_KEY, testConfig } from '../../../../test/support/app.ts'
import { buildApp, migrationSources, seedDatabase } from '../../../app.ts'
import { type Engine, migrate, openDatabase } from '../../../platform/db/index.ts'
import { newId } from '../../../platform/ids.ts'
import { t as st } from '../store.ts'
import { csvOf, exchangeResource, multipart, type Person, parseCsv, person } from './test-fixtures.ts'

const SERVER = process.env.TEST_DATABASE_URL
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const ROWS = 3000
const CHUNK = 200
const expected = Array.from({ length: ROWS }, (_, k) => person(k + 1))
  .filter((p) => p.xzqh.startsWith('4303'))
  .sort((a, b) => a.sfzh.localeCompare(b.sfzh))

const withDatabase = (url: string, name: string) => {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

async function onServer(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: SERVER })
  await c.connect()
  await c.query(sql).finally(() => c.end())
}

interface Place {
  dataDir: string
  databaseUrl: string | null
  dispose(): Promise<void>
}

async function place(engine: Engine): Promise<Place> {
  const dataDir = await mkdtemp(join(tmpdir(), 'shuhui-crash-'))
  if (engine === 'pglite')
    return { dataDir, databaseUrl: null, dispose: () => rm(dataDir, { recursive: true, force: true }) }
  const name = `shuhui_crash_${randomBytes(4).toString('hex')}`
  await onServer(`create database ${name}`)
  return {
    dataDir,
    databaseUrl: withDatabase(SERVER ?? '', name),
    async dispose() {
      await onServer(`drop database if exists ${name} with (force)`)
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

const open = (p: Place) => openDatabase({ databaseUrl: p.databaseUrl ?? undefined, dataDir: p.dataDir })

/** Seeds the database, mounts the resource, grants it to 湘潭市公安局 (city rows only) and creates the job. */
async function prepare(p: Place, target: Record<string, unknown>): Promise<string> {
  const database = await open(p)
  try {
    assert.equal((await migrate(database.db, migrationSources)).error, undefined)
    const config = testConfig({ DATA_DIR: p.dataDir, MOUNT_ALLOWED_HOSTS: '' })
    await seedDatabase(database.db, config)
    const app = await buildApp({ config, database, logger: false, webDist: null })
    try {
      const call = async (
        method: 'GET' | 'POST',
        url: string,
        headers: Record<string, string>,
        payload?: unknown,
      ) => {
        const res = await app.inject({
          method,
          url,
          headers,
          ...(payload === undefined ? {} : { payload: payload as string }),
        })
        assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`)
        return res.json<Record<string, unknown>>()
      }
      const login = async (username: string, password: string) => ({
        authorization: `Bearer ${(await call('POST', '/api/v1/auth/login', {}, { username, password })).token}`,
      })
      const admin = await login('admin', ADMIN_PASSWORD)
      const orgs = (await call('GET', '/api/v1/orgs?pageSize=200', admin)).items as {
        id: string
        name: string
      }[]
      const org = (name: string) => orgs.find((o) => o.name === name)?.id ?? ''
      for (const [username, orgName] of [
        ['crash.provider', '湖南省公安厅'],
        ['crash.consumer', '湘潭市公安局'],
      ])
        await call('POST', '/api/v1/users', admin, {
          username,
          displayName: username,
          orgId: org(orgName ?? ''),
          roles: ['data_steward'],
          password: 'Crash12345',
        })
      const provider = await login('crash.provider', 'Crash12345')
      const consumer = await login('crash.consumer', 'Crash12345')
      const resource = await call(
        'POST',
        '/api/v1/catalog/resources',
        provider,
        exchangeResource('崩溃恢复测试人口库'),
      )
      const body = multipart('people.csv', csvOf(Array.from({ length: ROWS }, (_, k) => person(k + 1))))
      const up = await app.inject({
        method: 'POST',
        url: `/api/v1/catalog/resources/${resource.id}/mount/upload`,
        headers: { ...provider, ...body.headers },
        payload: body.payload,
      })
      assert.equal(up.statusCode, 200, up.body)
      const grantId = newId()
      await st(database.db)
        .insertInto('grants')
        .values({
          id: grantId,
          requestId: newId(),
          appId: newId(),
          consumerOrgId: org('湘潭市公安局'),
          consumerRegionCode: '430300',
          resourceId: String(resource.id),
          resourceCode: String(resource.code),
          providerOrgId: org('湖南省公安厅'),
          providerRegionCode: '430000',
          fields: ['sfzh', 'xm', 'sjhm', 'xzqh', 'nl', 'bz', 'gxsj'],
          purpose: '崩溃恢复测试',
          scenario: null,
          deliveryMode: 'batch',
          validUntil: new Date(Date.now() + 86_400_000),
          rowScope: JSON.stringify({ field: 'xzqh', regionCode: '430300' }),
          quotaPerDay: null,
          ratePerSecond: null,
        })
        .execute()
      const job = await call('POST', '/api/v1/exchange/jobs', consumer, {
        grantId,
        name: '崩溃恢复',
        mode: 'full',
        chunkSize: CHUNK,
        ...target,
      })
      return String(job.id)
    } finally {
      await app.close()
    }
  } finally {
    await database.close()
  }
}

interface ChildResult {
  code: number | null
  signal: string | null
  lines: string[]
}

/** Runs a child; with `killAfter`, SIGKILLs it once that many progress lines were printed. */
function child(p: Place, args: string[], killAfter?: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATA_DIR: p.dataDir,
        DATABASE_URL: p.databaseUrl ?? '',
        SECRET_KEY: TEST_SECRET_KEY,
        ADMIN_PASSWORD,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const lines: string[] = []
    let buffered = ''
    let errors = ''
    proc.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8')
      const parts = buffered.split('\n')
      buffered = parts.pop() ?? ''
      lines.push(...parts)
      if (killAfter !== undefined && lines.filter((l) => l.startsWith('已交换')).length >= killAfter)
        proc.kill('SIGKILL')
    })
    proc.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString('utf8')
    })
    proc.on('error', reject)
    proc.on('exit', (code, signal) => {
      if (code !== null && code !== 0) lines.push(`stderr: ${errors.slice(-2000)}`)
      resolve({ code, signal, lines })
    })
  })
}

const cli = (p: Place, jobId: string, killAfter?: number) =>
  child(p, ['src/cli/index.ts', 'exchange', 'run', jobId, '--as', 'crash.consumer'], killAfter)
const crashChild = (p: Place, jobId: string, crashAt: number) =>
  child(p, ['src/modules/sharing/exchange/crash-child.ts', jobId, 'crash.consumer', String(crashAt)])

async function runState(p: Place, jobId: string) {
  const database = await open(p)
  try {
    const runs = await st(database.db)
      .selectFrom('exchangeRuns')
      .selectAll()
      .where('jobId', '=', jobId)
      .execute()
    const files = await st(database.db).selectFrom('exchangeRunFiles').selectAll().execute()
    return { runs, files }
  } finally {
    await database.close()
  }
}

const normalize = (r: Record<string, unknown>) => ({
  ...r,
  nl: String(r.nl),
  gxsj: new Date(String(r.gxsj)).toISOString(),
})

describe('exchange survives SIGKILL', () => {
  test('file target on PGlite: killed by SIGKILL mid-run, a restart completes with every row once', async () => {
    const p = await place('pglite')
    try {
      const jobId = await prepare(p, { targetKind: 'file', fileFormat: 'csv' })
      const killed = await cli(p, jobId, 3)
      assert.equal(killed.signal, 'SIGKILL', killed.lines.join('\n'))
      const mid = await runState(p, jobId)
      const run = mid.runs[0]
      assert.ok(
        run && run.status === 'running' && run.chunksDone >= 3 && run.chunksDone < expected.length / CHUNK,
      )
      // What a writer killed between rename and record leaves: a stray next chunk and a temporary file.
      const dir = join(p.dataDir, 'exchange', jobId, run.id)
      await writeFile(join(dir, `part-${String(run.chunksDone + 1).padStart(6, '0')}.csv.gz`), 'garbage')
      await writeFile(join(dir, '.part-000099.csv.gz.abc.tmp'), 'garbage')
      const resumed = await cli(p, jobId)
      assert.equal(resumed.code, 0, resumed.lines.join('\n'))
      assert.match(resumed.lines.join('\n'), new RegExp(`共交付 ${expected.length} 行`))
      const done = await runState(p, jobId)
      assert.equal(done.runs.length, 1)
      assert.equal(done.runs[0]?.status, 'succeeded')
      const names = (await readdir(dir)).sort()
      assert.deepEqual(names, done.files.map((f) => f.name).sort(), 'only recorded files remain')
      const rows: Person[] = []
      for (const name of names) {
        const [header, ...cells] = parseCsv(gunzipSync(await readFile(join(dir, name))).toString('utf8'))
        for (const c of cells)
          rows.push(Object.fromEntries((header ?? []).map((h, i) => [h, c[i]])) as Person)
      }
      rows.sort((a, b) => a.sfzh.localeCompare(b.sfzh))
      assert.deepEqual(rows.map(normalize), expected)
    } finally {
      await p.dispose()
    }
  })

  for (const engine of SERVER ? (['pglite', 'postgres'] as const) : []) {
    test(`PostgreSQL target, source on ${engine}: killed after the target commit and mid-run, nothing lost or doubled`, async () => {
      const p = await place(engine)
      const targetName = `shuhui_crash_target_${randomBytes(4).toString('hex')}`
      await onServer(`create database ${targetName}`)
      const targetUrl = withDatabase(SERVER ?? '', targetName)
      const target = new pg.Client({ connectionString: targetUrl })
      await target.connect()
      try {
        const jobId = await prepare(p, { targetKind: 'postgres', targetUrl, targetTable: 'rk' })
        const gap = await crashChild(p, jobId, 3)
        assert.equal(gap.signal, 'SIGKILL', gap.lines.join('\n'))
        const cp = await target.query('select chunks from public._shuhui_exchange_checkpoints')
        assert.equal(cp.rows[0]?.chunks, 3, 'chunk 3 is durable in the target')
        assert.ok(((await runState(p, jobId)).runs[0]?.chunksDone ?? 3) < 3, 'our mirror had not caught up')
        const killed = await cli(p, jobId, 2)
        assert.equal(killed.signal, 'SIGKILL', killed.lines.join('\n'))
        const resumed = await cli(p, jobId)
        assert.equal(resumed.code, 0, resumed.lines.join('\n'))
        const rows = (await target.query('select * from public.rk order by sfzh')).rows
        assert.equal(rows.length, expected.length)
        assert.deepEqual(rows.map(normalize), expected)
        const done = await runState(p, jobId)
        assert.equal(done.runs[0]?.status, 'succeeded')
        assert.equal(done.runs[0]?.rowsDone, expected.length)
      } finally {
        await target.end()
        await onServer(`drop database if exists ${targetName} with (force)`)
        await p.dispose()
      }
    })
  }
})
