/**
 * Data for `bench gateway`: a catalog resource created through the API, mounted with a one-row upload (which
 * creates its datastore table), then filled with ROWS generated rows by SQL; a consumer app, its grant and token.
 */
import { randomBytes } from 'node:crypto'
import type pg from 'pg'

export const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000)
export const PASSWORD = 'BenchAdmin123'

/** The ID number of row g (1…ROWS): unique, 18 characters; the same formula generates the rows in SQL. */
export function sfzhOf(g: number): string {
  const day = new Date(Date.UTC(1950, 0, 1) + (g % 20000) * 86_400_000).toISOString().slice(0, 10)
  return `430302${day.replace(/-/g, '')}${String(Math.floor(g / 20000)).padStart(3, '0')}X`
}
const SFZH_SQL = `'430302' || to_char(date '1950-01-01' + (g % 20000), 'YYYYMMDD') || lpad((g / 20000)::text, 3, '0') || 'X'`

export async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.url} → ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/** Catalog resource, one-row upload (creates and mounts the datastore table), then ROWS rows by SQL. */
export async function prepare(base: string, client: pg.Client) {
  const admin = await json<{ token: string }>(
    await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    }),
  )
  const adminAuth = { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' }
  const orgId = async (name: string) =>
    (
      await json<{ items: { id: string; name: string }[] }>(
        await fetch(`${base}/api/v1/orgs?q=${encodeURIComponent(name)}&pageSize=50`, { headers: adminAuth }),
      )
    ).items.find((o) => o.name === name)?.id ?? ''
  const provider = await orgId('湖南省公安厅')
  const consumer = await orgId('湘潭市市场监督管理局')
  await json(
    await fetch(`${base}/api/v1/users`, {
      method: 'POST',
      headers: adminAuth,
      body: JSON.stringify({
        username: 'bench.steward',
        displayName: '压测专员',
        orgId: provider,
        roles: ['data_steward'],
        password: PASSWORD,
      }),
    }),
  )
  const steward = await json<{ token: string }>(
    await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench.steward', password: PASSWORD }),
    }),
  )
  const stewardAuth = { authorization: `Bearer ${steward.token}` }
  const fields = [
    ['姓名', 'xm', 'string'],
    ['公民身份号码', 'sfzh', 'string'],
    ['手机号码', 'sjhm', 'string'],
    ['户籍地址', 'hjdz', 'string'],
    ['行政区划', 'qh', 'string'],
    ['年龄', 'nl', 'integer'],
    ['户号', 'hh', 'integer'],
  ] as const
  const resource = await json<{ id: string; code: string }>(
    await fetch(`${base}/api/v1/catalog/resources`, {
      method: 'POST',
      headers: { ...stewardAuth, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: '全省户籍人口（压测）',
        summary: '压测用全省户籍人口基本信息。',
        category: 'base',
        classCode: '101001',
        className: '基础信息资源/人口/户籍',
        format: 'database',
        shareType: 'conditional',
        shareCondition: '政务服务身份核验',
        shareMethod: '共享平台',
        openType: 'closed',
        updateFrequency: 'daily',
        fields: fields.map(([name, code, dataType]) => ({
          name,
          code,
          dataType,
          ...(code === 'sfzh' ? { isKey: true, length: 18 } : {}),
        })),
      }),
    }),
  )
  const boundary = `----bench${randomBytes(6).toString('hex')}`
  const csv = `xm,sfzh,sjhm,hjdz,qh,nl,hh\r\n张三,${sfzhOf(0)},13900000000,湖南省湘潭市雨湖区人民路1号,430302,30,1\r\n`
  const upload = await fetch(`${base}/api/v1/catalog/resources/${resource.id}/mount/upload`, {
    method: 'POST',
    headers: { ...stewardAuth, 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
  })
  await json(upload)
  const tableName = `datastore."r_${resource.id.replace(/-/g, '')}"`
  console.log(`generating ${ROWS.toLocaleString()} rows in ${tableName} …`)
  const began = performance.now()
  await client.query(`truncate ${tableName}`)
  await client.query(
    `insert into ${tableName} (xm, sfzh, sjhm, hjdz, qh, nl, hh)
     select (array['张','王','李','刘','陈'])[1 + g % 5] || (array['伟','芳','娜','敏','静','磊'])[1 + (g / 5) % 6],
            ${SFZH_SQL},
            '139' || lpad((g % 100000000)::text, 8, '0'),
            '湖南省湘潭市雨湖区人民路' || (g % 500) || '号',
            (array['430302','430102','430202','430402','430502'])[1 + g % 5],
            18 + g % 70,
            g / 3
       from generate_series(1, ${ROWS}) as g`,
  )
  await client.query(`analyze ${tableName}`)
  const generateMs = Math.round(performance.now() - began)

  const reg = await json<{ app: { id: string; clientId: string }; clientSecret: string }>(
    await fetch(`${base}/api/v1/apps`, {
      method: 'POST',
      headers: adminAuth,
      body: JSON.stringify({ orgId: consumer, name: '压测应用' }),
    }),
  )
  // A grant as the request service would write it; unreviewed (no request), so personal fields are masked.
  await client.query(
    `insert into grants (id, app_id, consumer_org_id, consumer_region_code, resource_id, resource_code,
       provider_org_id, provider_region_code, fields, purpose, delivery_mode, valid_until, quota_per_day,
       rate_per_second)
     values (gen_random_uuid(), $1, $2, '430300', $3, $4, $5, '430000', $6, '压测：身份核验', 'api',
       now() + interval '30 days', 100000000, 1000000)`,
    [reg.app.id, consumer, resource.id, resource.code, provider, fields.map(([, code]) => code)],
  )
  const token = await json<{ access_token: string }>(
    await fetch(`${base}/api/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: reg.app.clientId,
        client_secret: reg.clientSecret,
      }),
    }),
  )
  return {
    code: resource.code,
    tableName,
    columns: fields.map(([, code]) => code),
    bearer: { authorization: `Bearer ${token.access_token}` },
    generateMs,
  }
}
