/**
 * The generated province for `bench catalog-search`: word lists that make plausible Chinese resource and field
 * names, and a deterministic bulk writer straight into the catalog tables (fast enough for 100,000 resources).
 */
import { sql } from 'kysely'
import type { Db } from '../src/platform/db/index.ts'
import { newId } from '../src/platform/ids.ts'

const BATCH = 2_000

const SUBJECTS = [
  '户籍人口',
  '流动人口',
  '常住人口',
  '企业',
  '个体工商户',
  '农民专业合作社',
  '不动产',
  '社会保险',
  '医疗保险',
  '住房公积金',
  '婚姻登记',
  '出生医学证明',
  '死亡医学证明',
  '残疾人',
  '最低生活保障',
  '特困人员',
  '学籍',
  '教师资格',
  '执业医师',
  '执业药师',
  '药品经营',
  '食品经营',
  '危险化学品',
  '道路运输',
  '机动车',
  '驾驶人',
  '建设工程',
  '房屋交易',
  '土地出让',
  '林地',
  '水资源',
  '生态环境',
  '空气质量',
  '气象观测',
  '地震监测',
  '公交',
  '出租汽车',
  '旅游景区',
  '文物保护单位',
  '体育场馆',
  '养老机构',
  '幼儿园',
  '社会组织',
  '慈善组织',
  '退役军人',
  '纳税人',
  '财政预算',
  '政府采购',
  '公共资源交易',
  '法律援助',
  '公证',
  '律师事务所',
  '专利',
  '商标',
  '特种设备',
  '安全生产',
  '消防',
  '应急避难场所',
  '地名',
  '统计调查',
  '农业补贴',
  '耕地',
  '渔业船舶',
]
const ACTIONS = [
  '登记',
  '许可',
  '备案',
  '监测',
  '检查',
  '行政处罚',
  '认定',
  '补贴发放',
  '缴费',
  '统计',
  '基本',
  '证照',
  '变更',
  '注销',
  '年报',
  '信用评价',
  '投诉举报',
  '审批',
  '核查',
  '预警',
]
const SUFFIXES = ['信息', '数据', '清单', '目录', '台账', '记录', '明细', '汇总表', '名录', '档案']
const FIELD_NAMES = [
  '姓名',
  '公民身份号码',
  '性别',
  '出生日期',
  '民族',
  '户籍地址',
  '现住址',
  '联系电话',
  '统一社会信用代码',
  '法定代表人',
  '注册资本',
  '成立日期',
  '经营范围',
  '登记机关',
  '不动产单元号',
  '权利人',
  '坐落',
  '建筑面积',
  '用途',
  '号牌号码',
  '号牌种类',
  '发证日期',
  '有效期至',
  '许可证编号',
  '检查结果',
  '处罚决定书文号',
  '处罚金额',
  '缴费基数',
  '参保状态',
  '监测点位',
  '监测时间',
  'PM2.5浓度',
  '降水量',
  '气温',
  '学校名称',
  '年级',
  '执业范围',
  '执业机构',
  '药品名称',
  '批准文号',
  '车辆识别代号',
  '驾驶证号',
  '项目名称',
  '建设单位',
  '施工许可证号',
  '合同编号',
  '成交价格',
  '地块编号',
  '补贴金额',
  '发放日期',
  '床位数',
  '机构名称',
  '负责人',
  '行政区划代码',
  '经度',
  '纬度',
  '备注',
  '数据更新时间',
]
const FIELD_CODES = FIELD_NAMES.map((_, i) => `f${i.toString(36)}`)
const UPDATE_FREQUENCIES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular']

/** Queries people type: specific subjects, field names, org names, two typos and two very broad words. */
function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length] as T
}

/** A small deterministic generator, so every run catalogues the same province. */
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s
  }
}

export interface Org {
  id: string
  name: string
  regionCode: string
}

export async function generate(db: Db, orgs: readonly Org[], resources: number): Promise<void> {
  const next = rng(20261122)
  const names = new Set<string>()
  let seq = 0
  for (let start = 0; start < resources; start += BATCH) {
    const r: Record<string, unknown[]> = {
      id: [],
      orgId: [],
      regionCode: [],
      code: [],
      name: [],
      summary: [],
      shareType: [],
      shareCondition: [],
      openType: [],
      openCondition: [],
      frequency: [],
      status: [],
      category: [],
      classCode: [],
    }
    const f: Record<string, unknown[]> = { id: [], resourceId: [], position: [], name: [], code: [] }
    for (let i = start; i < Math.min(resources, start + BATCH); i++) {
      const org = pick(orgs, next())
      const subject = pick(SUBJECTS, next())
      let name = `${subject}${pick(ACTIONS, next())}${pick(SUFFIXES, next())}`
      while (names.has(`${org.id}/${name}`)) name = `${name.replace(/（\d+）$/, '')}（${next() % 100000}）`
      names.add(`${org.id}/${name}`)
      const nFields = 3 + (next() % 10)
      const fieldIdx = new Set<number>()
      while (fieldIdx.size < nFields) fieldIdx.add(next() % FIELD_NAMES.length)
      const fieldNames = [...fieldIdx].map((k) => FIELD_NAMES[k] ?? '')
      const id = newId()
      const share = pick(['unconditional', 'conditional', 'none'], next())
      const open = pick(['open', 'conditional', 'closed'], next())
      const category = pick(['base', 'theme', 'department'], next())
      const classCode = `${category === 'base' ? 1 : category === 'theme' ? 2 : 3}0${(next() % 90) + 10}01`
      seq += 1
      r.id?.push(id)
      r.orgId?.push(org.id)
      r.regionCode?.push(org.regionCode)
      r.code?.push(`${classCode}/${String(seq).padStart(6, '0')}`)
      r.name?.push(name)
      r.summary?.push(
        `${org.name}${subject}相关数据，包括${fieldNames.slice(0, 3).join('、')}等信息项，用于${pick(ACTIONS, next())}和${pick(ACTIONS, next())}业务。`,
      )
      r.shareType?.push(share)
      r.shareCondition?.push(share === 'unconditional' ? null : '用于政务服务，须说明用途')
      r.openType?.push(open)
      r.openCondition?.push(open === 'conditional' ? '申请后开放' : null)
      r.frequency?.push(pick(UPDATE_FREQUENCIES, next()))
      r.status?.push(next() % 10 === 0 ? 'draft' : 'published')
      r.category?.push(category)
      r.classCode?.push(classCode)
      ;[...fieldIdx].forEach((k, p) => {
        f.id?.push(newId())
        f.resourceId?.push(id)
        f.position?.push(p + 1)
        f.name?.push(FIELD_NAMES[k])
        f.code?.push(FIELD_CODES[k])
      })
    }
    await sql`
      insert into resources (id, org_id, region_code, code, name, summary, share_type, share_condition, open_type,
        open_condition, update_frequency, status, category, class_code, format, version, published_at)
      select t.*, 'database', case when t.status = 'published' then 1 else 0 end,
        case when t.status = 'published' then now() end
      from unnest(${r.id}::uuid[], ${r.orgId}::uuid[], ${r.regionCode}::text[], ${r.code}::text[], ${r.name}::text[],
        ${r.summary}::text[], ${r.shareType}::text[], ${r.shareCondition}::text[], ${r.openType}::text[],
        ${r.openCondition}::text[], ${r.frequency}::text[], ${r.status}::text[], ${r.category}::text[],
        ${r.classCode}::text[]) as t (id, org_id, region_code, code, name, summary, share_type, share_condition,
        open_type, open_condition, update_frequency, status, category, class_code)
    `.execute(db)
    await sql`
      insert into resource_fields (id, resource_id, position, name, code, data_type)
      select t.*, 'string' from unnest(${f.id}::uuid[], ${f.resourceId}::uuid[], ${f.position}::int[],
        ${f.name}::text[], ${f.code}::text[]) as t
    `.execute(db)
  }
}
