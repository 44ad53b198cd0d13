/**
 * `npm run bench -- catalog-import`: a generated 10,000-resource / 100,000-field workbook imported on a fresh
 * in-memory PGlite through the import service (read, check, match, write, audit). Baseline, same run: a bare
 * multi-row INSERT of the same rows into the same tables on another fresh PGlite (no parsing, validation or audit).
 */
import { sql } from 'kysely'
import { migrationSources, seedDatabase } from '../src/app.ts'
import { cliActor, cliContext } from '../src/cli/actor.ts'
import { type ImportProgress, importCatalog } from '../src/modules/catalog/excel/import.ts'
import { generatedWorkbook } from '../src/modules/catalog/excel/samples.ts'
import { loadConfig } from '../src/platform/config.ts'
import { type DbHandle, migrate, openDatabase } from '../src/platform/db/index.ts'
import { newId } from '../src/platform/ids.ts'
import { type Figures, gitRevision, machine, ratios, record, table } from './lib.ts'

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 10_000)
const FIELDS_EACH = 10
const TARGET_SECONDS = 20
const ORG = '湘潭市公安局'

async function freshDatabase(): Promise<DbHandle> {
  const handle = await openDatabase({})
  const result = await migrate(handle.db, migrationSources)
  if (result.error) throw result.error
  await seedDatabase(
    handle.db,
    loadConfig({
      NODE_ENV: 'test',
      SECRET_KEY: 'b2'.repeat(32),
      ADMIN_PASSWORD: 'BenchAdmin123',
      DATA_DIR: '/tmp/shuhui-bench-unused',
      LOG_LEVEL: 'silent',
    }),
  )
  return handle
}

async function orgOf(handle: DbHandle): Promise<{ id: string; regionCode: string }> {
  const { rows } = await sql<{ id: string; regionCode: string }>`
    select id, region_code as "regionCode" from orgs where name = ${ORG}`.execute(handle.db)
  const org = rows[0]
  if (!org) throw new Error(`seed has no ${ORG}`)
  return org
}

const seconds = (ms: number) => Math.round(ms) / 1000

async function ours(bytes: Buffer): Promise<Figures> {
  const handle = await freshDatabase()
  try {
    const org = await orgOf(handle)
    const ctx = cliContext(await cliActor(handle.db, 'admin'), 'bench')
    const marks = new Map<ImportProgress['phase'], number>()
    const began = performance.now()
    const report = await importCatalog(handle.db, ctx, bytes, {
      orgId: org.id,
      via: 'cli',
      onProgress: (p) => {
        if (!marks.has(p.phase)) marks.set(p.phase, performance.now())
      },
    })
    const total = performance.now() - began
    if (report.created !== RESOURCES || report.problems.length)
      throw new Error(`import: ${report.created} created, ${report.problems.length} problems`)
    const { rows } = await sql<{ r: number; f: number }>`
      select (select count(*)::int from resources) as r, (select count(*)::int from resource_fields) as f`.execute(
      handle.db,
    )
    if (rows[0]?.r !== RESOURCES || rows[0]?.f !== RESOURCES * FIELDS_EACH)
      throw new Error('row counts differ')
    const at = (p: ImportProgress['phase']) => marks.get(p) ?? began
    return {
      importSeconds: seconds(total),
      readSeconds: seconds(at('check') - began),
      checkSeconds: seconds(at('write') - at('check')),
      writeSeconds: seconds(at('done') - at('write')),
    }
  } finally {
    await handle.close()
  }
}

/** The same rows, already in memory, straight into the tables: what the storage alone costs. */
async function baseline(): Promise<Figures> {
  const handle = await freshDatabase()
  try {
    const org = await orgOf(handle)
    const resources = Array.from({ length: RESOURCES }, (_, i) => ({
      id: newId(),
      org_id: org.id,
      region_code: org.regionCode,
      code: `101001/${String(i + 1).padStart(6, '0')}`,
      name: `生成资源${String(i).padStart(6, '0')}`,
      summary: `生成资源${String(i).padStart(6, '0')}，含姓名、公民身份号码、户籍地址等。`,
      category: 'base',
      class_code: '101001',
      class_name: '基础信息资源/人口/户籍',
      format: 'database',
      share_type: 'conditional',
      share_condition: '用于政务服务身份核验，须说明用途',
      share_method: '共享平台',
      open_type: 'closed',
      update_frequency: ['daily', 'monthly', 'realtime', 'irregular'][i % 4] ?? 'daily',
      publish_date: '2025-01-01',
    }))
    const began = performance.now()
    await handle.db.transaction().execute(async (trx) => {
      const cols = Object.keys(resources[0] ?? {})
      for (let i = 0; i < resources.length; i += 400) {
        const chunk = resources.slice(i, i + 400)
        await sql`insert into resources (${sql.join(cols.map((c) => sql.id(c)))}) values ${sql.join(
          chunk.map((r) => sql`(${sql.join(Object.values(r))})`),
        )}`.execute(trx)
      }
      const fields = resources.flatMap((r) =>
        Array.from({ length: FIELDS_EACH }, (_, j) => [
          newId(),
          r.id,
          j + 1,
          j === 0 ? '公民身份号码' : `信息项${j}`,
          j === 0 ? 'sfzh' : `f${j}`,
          j % 3 === 2 ? 'date' : 'string',
          j % 3 === 2 ? null : 50,
          j === 0,
        ]),
      )
      for (let i = 0; i < fields.length; i += 2000) {
        await sql`insert into resource_fields (id, resource_id, position, name, code, data_type, length, is_key) values ${sql.join(
          fields.slice(i, i + 2000).map((f) => sql`(${sql.join(f)})`),
        )}`.execute(trx)
      }
    })
    return { importSeconds: seconds(performance.now() - began) }
  } finally {
    await handle.close()
  }
}

export async function run(): Promise<void> {
  console.log(`generating a ${RESOURCES}-resource / ${RESOURCES * FIELDS_EACH}-field workbook …`)
  const bytes = await generatedWorkbook(RESOURCES, FIELDS_EACH)
  console.log(`${(bytes.length / 2 ** 20).toFixed(1)} MiB; importing through the service on a fresh PGlite …`)
  const o = await ours(bytes)
  o.fileMb = Math.round((bytes.length / 2 ** 20) * 10) / 10
  console.log(o)
  console.log('baseline: bare multi-row INSERT of the same rows on a fresh PGlite …')
  const b = await baseline()
  console.log(b)
  const result = {
    name: 'catalog-import',
    date: new Date().toISOString(),
    machine: machine('PGlite (in-memory, fresh, migrated and seeded)'),
    ours: o,
    baseline: b,
    ratio: ratios(o, b),
    baselineDescription: `bare multi-row INSERT (400 resources / 2,000 fields per statement, one transaction) of the same ${RESOURCES} resources and ${RESOURCES * FIELDS_EACH} fields, already in memory: no spreadsheet parsing, validation, matching, code counters or audit`,
    targets: {
      importSeconds: {
        target: `≤ ${TARGET_SECONDS} s for ${RESOURCES} resources with ${RESOURCES * FIELDS_EACH} fields on PGlite`,
        met: (o.importSeconds ?? Infinity) <= TARGET_SECONDS,
      },
    },
    notes: [
      `revision ${gitRevision()}`,
      'importSeconds covers the whole service call: ExcelJS load of the .xlsx bytes, header detection, conversion and checks of every row, matching against existing resources, code counters, multi-row inserts, one audit event per resource and one catalog.import event, in one transaction',
      'readSeconds = ExcelJS load + parse; checkSeconds = duplicate, org and existing-resource checks; writeSeconds = inserts + audit',
      'the search-index triggers (0002_search.sql) fire in both runs',
    ],
  }
  const rows: [string, number | string, number | string, number | string][] = Object.keys(o).map((k) => [
    k,
    o[k] ?? '',
    b[k] ?? '',
    result.ratio[k] ?? '',
  ])
  const summary = `# bench catalog-import — ${result.date}\n\nMachine: ${result.machine.cpus} × ${result.machine.cpuModel}, ${result.machine.memoryGiB} GiB, Node ${result.machine.node}, ${result.machine.database}.\n\nBaseline: ${result.baselineDescription}.\n\n${table(rows)}\n\nTarget: ${result.targets.importSeconds.target}: ${result.targets.importSeconds.met ? 'met' : 'NOT met'}.\n`
  const file = record(result, summary)
  console.log(summary)
  console.log(`recorded ${file}.json`)
}
