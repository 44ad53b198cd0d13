import { recordAudit } from '../../platform/audit/index.ts'
import type { Config } from '../../platform/config.ts'
import { systemContext } from '../../platform/context.ts'
import { hashPassword } from '../../platform/crypto/index.ts'
import type { Db } from '../../platform/db/index.ts'
import { newId } from '../../platform/ids.ts'
import { seedRegions } from './regions.ts'
import type { IdentityTables, OrgType } from './tables.ts'
import { generatePassword } from './users.ts'

const t = (db: Db) => db.withTables<IdentityTables>()

/** The "1+14+N" demo: the provincial bureau, 14 city bureaus and a few departments under them. */
const HUNAN_CITIES: ReadonlyArray<readonly [string, string]> = [
  ['430100', '长沙市'],
  ['430200', '株洲市'],
  ['430300', '湘潭市'],
  ['430400', '衡阳市'],
  ['430500', '邵阳市'],
  ['430600', '岳阳市'],
  ['430700', '常德市'],
  ['430800', '张家界市'],
  ['430900', '益阳市'],
  ['431000', '郴州市'],
  ['431100', '永州市'],
  ['431200', '怀化市'],
  ['431300', '娄底市'],
  ['433100', '湘西土家族苗族自治州'],
]

const PROVINCE_DEPARTMENTS = [
  '湖南省公安厅',
  '湖南省市场监督管理局',
  '湖南省人力资源和社会保障厅',
  '湖南省自然资源厅',
  '湖南省卫生健康委员会',
]
const XIANGTAN_DEPARTMENTS = ['湘潭市公安局', '湘潭市市场监督管理局', '湘潭市人力资源和社会保障局']

interface DemoOrg {
  id: string
  name: string
  type: OrgType
  regionCode: string
  parentId: string | null
}

export function demoOrgs(): DemoOrg[] {
  const province: DemoOrg = {
    id: newId(),
    name: '湖南省数据局',
    type: 'bureau',
    regionCode: '430000',
    parentId: null,
  }
  const orgs: DemoOrg[] = [province]
  for (const name of PROVINCE_DEPARTMENTS) {
    orgs.push({ id: newId(), name, type: 'department', regionCode: '430000', parentId: null })
  }
  for (const [code, city] of HUNAN_CITIES) {
    const bureau: DemoOrg = {
      id: newId(),
      name: `${city}数据局`,
      type: 'bureau',
      regionCode: code,
      parentId: province.id,
    }
    orgs.push(bureau)
    if (code === '430300') {
      for (const name of XIANGTAN_DEPARTMENTS) {
        orgs.push({ id: newId(), name, type: 'department', regionCode: code, parentId: null })
      }
      orgs.push({
        id: newId(),
        name: '湘潭县数据中心',
        type: 'department',
        regionCode: '430321',
        parentId: bureau.id,
      })
    }
  }
  return orgs
}

export interface SeedResult {
  regions: number
  orgs: number
  /** Set only on the start that created the admin with a generated password: print it once. */
  generatedAdminPassword?: string
}

/** Idempotent: every start calls it, only the first one writes. */
export async function seedIdentity(db: Db, config: Config): Promise<SeedResult> {
  const regions = await seedRegions(db)
  const ctx = systemContext('seed')
  let orgCount = 0
  const existingOrg = await t(db).selectFrom('orgs').select('id').limit(1).executeTakeFirst()
  if (!existingOrg) {
    const orgs = demoOrgs()
    await db.transaction().execute(async (trx) => {
      await t(trx).insertInto('orgs').values(orgs).execute()
      await recordAudit(trx, ctx, {
        action: 'org.seed',
        targetType: 'org',
        regionCode: '430000',
        details: { count: orgs.length },
      })
    })
    orgCount = orgs.length
  }
  const result: SeedResult = { regions, orgs: orgCount }
  const admin = await t(db)
    .selectFrom('users')
    .select('id')
    .where('username', '=', config.adminUsername)
    .executeTakeFirst()
  if (!admin) {
    const bureau = await t(db)
      .selectFrom('orgs')
      .select(['id', 'regionCode'])
      .where('type', '=', 'bureau')
      .orderBy('regionCode')
      .orderBy('createdAt')
      .executeTakeFirstOrThrow()
    const password = config.adminPassword ?? generatePassword()
    const id = newId()
    await db.transaction().execute(async (trx) => {
      await t(trx)
        .insertInto('users')
        .values({
          id,
          username: config.adminUsername,
          displayName: '系统管理员',
          orgId: bureau.id,
          roles: ['bureau_admin', 'auditor'],
          scopeRegionCode: bureau.regionCode,
          passwordHash: await hashPassword(password),
          mustChangePassword: config.adminPassword === undefined,
        })
        .execute()
      await recordAudit(trx, ctx, {
        action: 'user.create',
        targetType: 'user',
        targetId: id,
        orgId: bureau.id,
        regionCode: bureau.regionCode,
        details: { username: config.adminUsername, roles: ['bureau_admin', 'auditor'] },
      })
    })
    if (config.adminPassword === undefined) result.generatedAdminPassword = password
  }
  return result
}
