/**
 * `npm run bench -- catalog-search`: 100,000 generated resources (with fields) on real PostgreSQL
 * (BENCH_DATABASE_URL, required; a scratch database is created and dropped), a fixed set of Chinese queries,
 * p50/p95 per query for catalog search (segmentation, ranking, facets, highlights — the whole service call)
 * against a naive ILIKE '%q%' on name, summary and field names, measured in the same run.
 */
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import pg from 'pg'
import { migrationSources, seedDatabase } from '../src/app.ts'
import { listResources } from '../src/modules/catalog/listing.ts'
import { refreshStaleSearchIndex } from '../src/modules/catalog/search/indexer.ts'
import { loadConfig } from '../src/platform/config.ts'
import type { Actor } from '../src/platform/context.ts'
import { type Db, migrate, openDatabase } from '../src/platform/db/index.ts'
import { newId } from '../src/platform/ids.ts'
import { generate, type Org } from './catalog-search-data.ts'
import { type Figures, gitRevision, machine, ratios, record } from './lib.ts'

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 100_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15)

const QUERIES = [
  '户籍人口',
  '户籍',
  '流动人口',
  '营业执照',
  '企业登记',
  '个体工商户',
  '不动产登记',
  '不动产单元号',
  '社会保险缴费',
  '医疗保险',
  '住房公积金',
  '婚姻登记',
  '出生医学证明',
  '残疾人补贴',
  '最低生活保障',
  '学籍',
  '教师资格',
  '执业医师',
  '药品经营许可',
  '食品经营许可',
  '危险化学品',
  '道路运输许可',
  '机动车',
  '驾驶人',
  '建设工程',
  '房屋交易',
  '土地出让',
  '水资源',
  '空气质量监测',
  '气象观测',
  '公交',
  '旅游景区',
  '文物保护',
  '养老机构床位',
  '幼儿园',
  '社会组织年报',
  '退役军人',
  '纳税人',
  '政府采购',
  '行政处罚',
  '统一社会信用代码',
  '公民身份号码',
  '法定代表人',
  '湘潭市公安局',
  '长沙市',
  '信用评价',
  '监测点位',
  '户藉',
  '营业执找',
  '信息',
]

function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

/** The naive search the issue compares against: ILIKE on name, summary and field names, same page and count. */
async function ilike(db: Db, q: string, orgId: string): Promise<number> {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  const rows = await sql<{ id: string; fullCount: number }>`
    select r.*, count(*) over () as full_count from resources r
    where (r.status in ('published', 'retired') or r.org_id = ${orgId})
      and (r.name ilike ${like} or r.summary ilike ${like}
        or exists (select 1 from resource_fields f where f.resource_id = r.id and f.name ilike ${like}))
    order by r.updated_at desc, r.id limit 20
  `.execute(db)
  return rows.rows[0]?.fullCount ?? 0
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return sorted[Math.max(0, i)] ?? 0
}
const round = (n: number) => Math.round(n * 100) / 100

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}

export async function run(): Promise<void> {
  const base = process.env.BENCH_DATABASE_URL
  if (!base)
    throw new Error('BENCH_DATABASE_URL (postgres://…) is required: this benchmark runs on real PostgreSQL')
  // BENCH_REUSE_DATABASE names a database kept by an earlier run (BENCH_KEEP_DATABASE=1): no generation.
  const reuse = process.env.BENCH_REUSE_DATABASE
  const dbName = reuse ?? `shuhui_bench_search_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  if (!reuse) await admin.query(`create database ${dbName}`)
  const serverVersion =
    (await admin.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? '?'
  await admin.end()
  const handle = await openDatabase({ databaseUrl: withDatabase(base, dbName), poolSize: 4 })
  const db = handle.db
  try {
    const migrated = await migrate(db, migrationSources)
    if (migrated.error) throw migrated.error
    const config = loadConfig({
      NODE_ENV: 'test',
      SECRET_KEY: randomBytes(32).toString('hex'),
      ADMIN_PASSWORD: `Bench${randomBytes(6).toString('hex')}`,
      DATA_DIR: '/tmp/shuhui-bench-unused',
      LOG_LEVEL: 'silent',
    })
    if (!reuse) await seedDatabase(db, config)
    const orgs = (await sql<Org>`select id, name, region_code from orgs order by name`.execute(db)).rows
    const steward = orgs.find((o) => o.name === '湘潭市公安局') ?? orgs[0]
    if (!steward) throw new Error('no orgs seeded')

    console.log(`generating ${RESOURCES} resources in ${orgs.length} orgs …`)
    const t0 = performance.now()
    if (!reuse) await generate(db, orgs, RESOURCES)
    const generateMs = performance.now() - t0
    const counts = (
      await sql<{
        r: number
        f: number
      }>`select (select count(*) from resources) as r, (select count(*) from resource_fields) as f`.execute(
        db,
      )
    ).rows[0]
    console.log(
      `… ${counts?.r} resources, ${counts?.f} fields in ${Math.round(generateMs)} ms; building the search index …`,
    )
    const t1 = performance.now()
    await refreshStaleSearchIndex(db, Number.POSITIVE_INFINITY)
    const indexMs = performance.now() - t1
    if (!reuse) await sql`vacuum analyze`.execute(db)
    const sizes = (
      await sql<{
        table: string
        index: string
      }>`select pg_size_pretty(pg_total_relation_size('resource_search')) as table,
        pg_size_pretty(pg_relation_size('resource_search_document')) as index`.execute(db)
    ).rows[0]
    console.log(`… indexed in ${Math.round(indexMs)} ms (${sizes?.table}, GIN ${sizes?.index})`)

    const actor: Actor = {
      kind: 'user',
      userId: newId(),
      username: 'bench',
      displayName: 'bench',
      orgId: steward.id,
      regionCode: steward.regionCode,
      roles: ['data_steward'],
      scopeRegionCode: null,
      sessionId: 'bench',
      via: 'bearer',
    }
    const window = { page: 1, pageSize: 20, limit: 20, offset: 0 }
    const ours = async (q: string) => (await listResources(db, actor, { q }, window)).total

    console.log(`${QUERIES.length} queries × ${ROUNDS} rounds, ours and ILIKE alternating …`)
    const perQuery = new Map<string, { ours: number[]; base: number[]; hits: number; baseHits: number }>()
    for (const q of QUERIES)
      perQuery.set(q, { ours: [], base: [], hits: await ours(q), baseHits: await ilike(db, q, steward.id) })
    for (let round = 0; round < ROUNDS; round++) {
      for (const q of QUERIES) {
        const entry = perQuery.get(q)
        if (!entry) continue
        entry.ours.push(await time(() => ours(q)))
        entry.base.push(await time(() => ilike(db, q, steward.id)))
      }
    }
    const all = { ours: [] as number[], base: [] as number[] }
    const rows: string[] = []
    let slowest = { q: '', p95: 0 }
    let worstRatio = { q: '', ratio: Number.POSITIVE_INFINITY }
    for (const [q, e] of perQuery) {
      const o = [...e.ours].sort((a, b) => a - b)
      const b = [...e.base].sort((a, b) => a - b)
      all.ours.push(...o)
      all.base.push(...b)
      const p95 = percentile(o, 95)
      if (p95 > slowest.p95) slowest = { q, p95 }
      const ratio = percentile(b, 50) / percentile(o, 50)
      if (ratio < worstRatio.ratio) worstRatio = { q, ratio }
      rows.push(
        `| ${q} | ${e.hits} | ${round(percentile(o, 50))} | ${round(p95)} | ${e.baseHits} | ${round(percentile(b, 50))} | ${round(percentile(b, 95))} | ${round(ratio)} |`,
      )
    }
    all.ours.sort((a, b) => a - b)
    all.base.sort((a, b) => a - b)
    const figures: Figures = {
      searchP50Ms: round(percentile(all.ours, 50)),
      searchP95Ms: round(percentile(all.ours, 95)),
      searchMaxQueryP95Ms: round(slowest.p95),
    }
    const baseline: Figures = {
      searchP50Ms: round(percentile(all.base, 50)),
      searchP95Ms: round(percentile(all.base, 95)),
    }
    const ratio = ratios(figures, baseline)
    // The search's working set (the search table's heap and GIN index) fits in shared_buffers or it does not:
    // the server's memory settings belong next to the figures.
    const settings = (
      await sql<{ name: string; setting: string }>`select name, current_setting(name) as setting
        from (values ('shared_buffers'), ('work_mem'), ('effective_cache_size')) v(name)`.execute(db)
    ).rows
      .map((r) => `${r.name}=${r.setting}`)
      .join(', ')
    const p95Met = (figures.searchP95Ms ?? Number.POSITIVE_INFINITY) <= 30
    const speedMet = (ratio.searchP95Ms ?? 0) >= 10 && (ratio.searchP50Ms ?? 0) >= 10
    const result = {
      name: 'catalog-search',
      date: new Date().toISOString(),
      machine: machine(`PostgreSQL ${serverVersion} (BENCH_DATABASE_URL)`),
      ours: {
        ...figures,
        resources: counts?.r ?? 0,
        fields: counts?.f ?? 0,
        generateMs: Math.round(generateMs),
        indexBuildMs: Math.round(indexMs),
      },
      baseline,
      ratio,
      baselineDescription:
        "Naive ILIKE '%q%' on name, summary and field names (EXISTS on resource_fields), same visibility, first page of 20 by updated_at with count(*) over (), in the same run and database.",
      targets: {
        searchP95Ms: { target: 'p95 ≤ 30 ms per query over all queries', met: p95Met },
        speedup: { target: '≥ 10× faster than ILIKE (p50 and p95)', met: speedMet },
      },
      notes: [
        `revision ${gitRevision()}; ${QUERIES.length} queries × ${ROUNDS} rounds; ours = listResources() (segmentation, stale check, full-text match with typo retry, ranking, page, highlights, facets over all hits, org and region labels).`,
        `slowest query by p95: ${slowest.q} (${round(slowest.p95)} ms); lowest p50 speed-up: ${worstRatio.q} (${round(worstRatio.ratio)}×).`,
        `search index: ${sizes?.table} (GIN ${sizes?.index}); built in ${Math.round(indexMs)} ms for ${counts?.r} resources.`,
        `PostgreSQL settings: ${settings}.`,
      ],
    }
    const summary = [
      `# bench catalog-search — ${result.date}`,
      '',
      `Machine: ${result.machine.cpus} × ${result.machine.cpuModel}, ${result.machine.memoryGiB} GiB, Node ${result.machine.node}, ${result.machine.database}.`,
      '',
      `Data: ${counts?.r} resources, ${counts?.f} fields (generated, ~10 % drafts) in ${orgs.length} orgs; actor: data steward of ${steward.name}.`,
      '',
      `Baseline: ${result.baselineDescription}`,
      '',
      '| figure | Shuhui | baseline | ratio (higher is better) |',
      '|---|---|---|---|',
      ...Object.entries(figures).map(
        ([k, v]) => `| ${k} | ${v} | ${baseline[k] ?? '–'} | ${ratio[k] ?? '–'} |`,
      ),
      '',
      `Targets: p95 ≤ 30 ms: ${p95Met ? 'met' : 'NOT met'}; ≥ 10× faster than ILIKE: ${speedMet ? 'met' : 'NOT met'}.`,
      '',
      ...result.notes.map((n) => `- ${n}`),
      '',
      '| query | hits | p50 ms | p95 ms | ILIKE hits | ILIKE p50 ms | ILIKE p95 ms | p50 speed-up |',
      '|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n')
    console.log(summary)
    console.log(`recorded ${record(result, summary)}.{json,md}`)
  } finally {
    await handle.close()
    if (process.env.BENCH_KEEP_DATABASE) console.log(`kept database ${dbName} (BENCH_KEEP_DATABASE)`)
    else {
      const client = new pg.Client({ connectionString: base })
      await client.connect()
      await client.query(`drop database if exists ${dbName} with (force)`)
      await client.end()
    }
  }
}
