/**
 * Set-up of `bench exchange`: a provincial population resource mounted in the datastore (a small upload creates the
 * table and the mount), then filled with generated rows in SQL; a batch grant to 湘潭市公安局 inserted directly (the
 * grant service belongs to the requests part) and an exchange job to a PostgreSQL target created through the API.
 */
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { buildApp, seedDatabase } from '../src/app.ts'
import { csvOf, exchangeResource, multipart, person } from '../src/modules/sharing/exchange/test-fixtures.ts'
import { t as sharing } from '../src/modules/sharing/store.ts'
import type { Config } from '../src/platform/config.ts'
import type { DbHandle } from '../src/platform/db/index.ts'
import { newId } from '../src/platform/ids.ts'

export const BENCH_FIELDS = ['sfzh', 'xm', 'sjhm', 'xzqh', 'nl', 'bz', 'gxsj'] as const

export interface BenchSource {
  resourceId: string
  table: string
  jobIds: { clear: string; masked: string }
}

/** Rows like the tests' people: unique 18-character ID numbers, three regions, a timestamp each. */
async function fill(handle: DbHandle, table: string, rows: number): Promise<void> {
  const step = 250_000
  for (let from = 1; from <= rows; from += step) {
    const to = Math.min(rows, from + step - 1)
    await sql
      .raw(
        `insert into ${table} (sfzh, xm, sjhm, xzqh, nl, bz, gxsj)
         select (array['430302','430321','430102'])[g % 3 + 1] || '1990' || lpad(g::text, 8, '0'),
                '测试' || chr(19968 + g % 500) || g,
                '139' || lpad(g::text, 8, '0'),
                (array['430302','430321','430102'])[g % 3 + 1],
                20 + g % 60,
                case when g % 7 = 0 then '备注"' || g || '", 含逗号' else '备注' || g end,
                timestamptz '2025-03-01 08:00:00+08' + make_interval(secs => g)
           from generate_series(${from}, ${to}) g`,
      )
      .execute(handle.db)
  }
  // A table at rest: autovacuum has run (visibility map set), as it does soon after any large load.
  await sql.raw(`vacuum analyze ${table}`).execute(handle.db)
}

export async function prepareSource(
  handle: DbHandle,
  config: Config,
  rows: number,
  targetUrl: string,
): Promise<BenchSource> {
  await seedDatabase(handle.db, config)
  const app = await buildApp({ config, database: handle, logger: false, webDist: null })
  try {
    const call = async (
      method: 'GET' | 'POST',
      url: string,
      headers: Record<string, string>,
      body?: unknown,
    ) => {
      const res = await app.inject({
        method,
        url,
        headers,
        ...(body === undefined ? {} : { payload: body as string }),
      })
      if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
      return res.json<Record<string, unknown>>()
    }
    const login = async (username: string, password: string) => ({
      authorization: `Bearer ${(await call('POST', '/api/v1/auth/login', {}, { username, password })).token}`,
    })
    const admin = await login('admin', config.adminPassword ?? '')
    const orgs = (await call('GET', '/api/v1/orgs?pageSize=200', admin)).items as {
      id: string
      name: string
    }[]
    const org = (name: string) => orgs.find((o) => o.name === name)?.id ?? ''
    for (const [username, name] of [
      ['bench.provider', '湖南省公安厅'],
      ['bench.consumer', '湘潭市公安局'],
    ] as const)
      await call('POST', '/api/v1/users', admin, {
        username,
        displayName: username,
        orgId: org(name),
        roles: ['data_steward'],
        password: 'Bench12345',
      })
    const provider = await login('bench.provider', 'Bench12345')
    const consumer = await login('bench.consumer', 'Bench12345')
    const resource = await call(
      'POST',
      '/api/v1/catalog/resources',
      provider,
      exchangeResource(`库表交换基准人口库-${randomBytes(3).toString('hex')}`),
    )
    const resourceId = String(resource.id)
    const upload = multipart('seed.csv', csvOf([person(0)]))
    const up = await app.inject({
      method: 'POST',
      url: `/api/v1/catalog/resources/${resourceId}/mount/upload`,
      headers: { ...provider, ...upload.headers },
      payload: upload.payload,
    })
    if (up.statusCode !== 200) throw new Error(`upload: ${up.body}`)
    // The hosted table's name is the datastore's convention; the benchmark fills it directly, in SQL.
    const table = `datastore.r_${resourceId.replace(/-/g, '')}`
    await sql.raw(`truncate ${table}`).execute(handle.db)
    await fill(handle, table, rows)
    const grant = async (reviewed: boolean) => {
      const id = newId()
      await sharing(handle.db)
        .insertInto('grants')
        .values({
          id,
          requestId: reviewed ? newId() : null,
          appId: newId(),
          consumerOrgId: org('湘潭市公安局'),
          consumerRegionCode: '430300',
          resourceId,
          resourceCode: String(resource.code),
          providerOrgId: org('湖南省公安厅'),
          providerRegionCode: '430000',
          fields: [...BENCH_FIELDS],
          purpose: '库表交换基准',
          scenario: null,
          deliveryMode: 'batch',
          validUntil: new Date(Date.now() + 86_400_000),
          rowScope: null,
          quotaPerDay: null,
          ratePerSecond: null,
        })
        .execute()
      return id
    }
    const job = async (grantId: string, table: string) =>
      String(
        (
          await call('POST', '/api/v1/exchange/jobs', consumer, {
            grantId,
            name: `基准-${table}`,
            targetKind: 'postgres',
            targetUrl,
            targetTable: table,
            mode: 'full',
            chunkSize: Number(process.env.BENCH_CHUNK ?? 50_000),
          })
        ).id,
      )
    return {
      resourceId,
      table,
      jobIds: {
        clear: await job(await grant(true), 'rk'),
        masked: await job(await grant(false), 'rk_masked'),
      },
    }
  } finally {
    await app.close()
  }
}
