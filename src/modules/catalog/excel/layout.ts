/**
 * The spreadsheet layout shared by the template, the export and the import: one column list per sheet, with the
 * national header, the synonyms departments write, and the vocabulary behind a dropdown. Import matches headers
 * by these names, so whatever the template or the export writes reads back the same.
 */
import {
  CATEGORIES,
  FIELD_DATA_TYPES,
  FORMATS,
  foldText,
  OPEN_TYPES,
  SHARE_TYPES,
  type Term,
  UPDATE_FREQUENCIES,
} from '../vocabulary.ts'

export const RESOURCE_SHEET = '资源目录'
export const FIELD_SHEET = '信息项'
export const GUIDE_SHEET = '填写说明'
export const LISTS_SHEET = '代码表'

export type ResourceColumn =
  | 'name'
  | 'code'
  | 'category'
  | 'classCode'
  | 'className'
  | 'provider'
  | 'summary'
  | 'format'
  | 'shareType'
  | 'shareCondition'
  | 'shareMethod'
  | 'openType'
  | 'openCondition'
  | 'operable'
  | 'updateFrequency'
  | 'publishDate'
  | 'relatedCodes'
  | 'sourceOrg'

export type FieldColumn =
  | 'fieldName'
  | 'fieldCode'
  | 'dataType'
  | 'length'
  | 'description'
  | 'isKey'
  | 'elementCode'
  | 'authoritative'

export type ColumnKey = ResourceColumn | FieldColumn

export interface ColumnDef<K extends ColumnKey = ColumnKey> {
  readonly key: K
  /** The national header written by the template and the export. */
  readonly header: string
  readonly synonyms: readonly string[]
  readonly width: number
  /** A dropdown list in the template. */
  readonly terms?: readonly Term<string>[]
  readonly yesNo?: boolean
  /** What the instructions sheet says about the column. */
  readonly hint: string
}

const YES_NO = [
  { code: 'yes', zh: '是' },
  { code: 'no', zh: '否' },
] as const satisfies readonly Term<string>[]

export const RESOURCE_COLUMNS: readonly ColumnDef<ResourceColumn>[] = [
  {
    key: 'name',
    header: '信息资源名称',
    synonyms: ['资源名称', '数据资源名称', '目录名称', '信息资源目录名称'],
    width: 28,
    hint: '必填；同一单位内不重复',
  },
  {
    key: 'code',
    header: '信息资源代码',
    synonyms: ['资源代码', '目录代码', '资源编码', '信息资源编码', '数据资源代码'],
    width: 20,
    hint: '选填；形如 101001/000001，留空由平台按分类码生成；填写则须以分类码开头',
  },
  {
    key: 'category',
    header: '资源分类',
    synonyms: ['信息资源分类', '资源类别', '分类', '资源类型'],
    width: 14,
    terms: CATEGORIES,
    hint: '基础信息资源 / 主题信息资源 / 部门信息资源（也可写 基础、主题、部门）；留空按分类码首位推断',
  },
  {
    key: 'classCode',
    header: '分类码',
    synonyms: ['分类代码', '类目代码', '资源分类码', '分类编码'],
    width: 12,
    hint: '必填；类1位+项2位+目3位+细目，首位与资源分类一致（1 基础、2 主题、3 部门）',
  },
  {
    key: 'className',
    header: '分类名称',
    synonyms: ['类目名称', '资源分类名称'],
    width: 22,
    hint: '选填；如 基础信息资源/人口/户籍',
  },
  {
    key: 'provider',
    header: '信息资源提供方',
    synonyms: ['提供方', '提供单位', '资源提供方', '提供部门', '信息资源提供单位'],
    width: 20,
    hint: '仅供核对；导入时以所选单位为提供方',
  },
  {
    key: 'summary',
    header: '信息资源摘要',
    synonyms: ['摘要', '资源摘要', '内容摘要'],
    width: 40,
    hint: '简要说明资源内容、范围',
  },
  {
    key: 'format',
    header: '信息资源格式',
    synonyms: ['资源格式', '格式', '数据格式'],
    width: 14,
    terms: FORMATS,
    hint: '必填；从下拉列表选择',
  },
  {
    key: 'shareType',
    header: '共享类型',
    synonyms: ['共享属性', '共享类别'],
    width: 14,
    terms: SHARE_TYPES,
    hint: '必填；无条件共享 / 有条件共享 / 不予共享',
  },
  {
    key: 'shareCondition',
    header: '共享条件',
    synonyms: ['共享依据', '不予共享依据', '共享条件或依据'],
    width: 30,
    hint: '有条件共享须填写条件，不予共享须填写依据',
  },
  {
    key: 'shareMethod',
    header: '共享方式',
    synonyms: ['共享渠道'],
    width: 16,
    hint: '如 共享平台、接口、数据库交换',
  },
  {
    key: 'openType',
    header: '开放类型',
    synonyms: ['开放属性', '是否向社会开放', '开放类别', '是否开放'],
    width: 14,
    terms: OPEN_TYPES,
    hint: '必填；无条件开放 / 有条件开放 / 不予开放（是/否 亦可）',
  },
  {
    key: 'openCondition',
    header: '开放条件',
    synonyms: ['开放依据'],
    width: 30,
    hint: '有条件开放须填写',
  },
  {
    key: 'operable',
    header: '授权运营',
    synonyms: ['是否授权运营', '可授权运营', '授权运营目录'],
    width: 10,
    yesNo: true,
    hint: '是 / 否（Y/N 亦可），留空为否',
  },
  {
    key: 'updateFrequency',
    header: '更新周期',
    synonyms: ['更新频率', '更新频度'],
    width: 12,
    terms: UPDATE_FREQUENCIES,
    hint: '必填；从下拉列表选择',
  },
  {
    key: 'publishDate',
    header: '发布日期',
    synonyms: ['资源发布日期'],
    width: 14,
    hint: '选填；YYYY-MM-DD，Excel 日期亦可',
  },
  {
    key: 'relatedCodes',
    header: '关联资源代码',
    synonyms: ['关联资源', '关联信息资源代码'],
    width: 24,
    hint: '选填；多个用逗号或分号分隔',
  },
  {
    key: 'sourceOrg',
    header: '数源部门',
    synonyms: ['数源单位', '数据来源部门'],
    width: 20,
    hint: '选填；平台中的单位ID，或与提供方相同的单位名称',
  },
]

export const FIELD_COLUMNS: readonly ColumnDef<FieldColumn>[] = [
  {
    key: 'fieldName',
    header: '信息项名称',
    synonyms: ['数据项名称', '字段名称', '字段中文名', '信息项中文名称'],
    width: 20,
    hint: '必填',
  },
  {
    key: 'fieldCode',
    header: '信息项代码',
    synonyms: ['数据项代码', '字段代码', '字段名', '列名', '字段英文名', '英文名称'],
    width: 18,
    hint: '必填；字母、数字、下划线，字母开头，同一资源内不重复',
  },
  {
    key: 'dataType',
    header: '数据类型',
    synonyms: ['字段类型', '类型', '数据格式类型'],
    width: 12,
    terms: FIELD_DATA_TYPES,
    hint: '必填；从下拉列表选择',
  },
  {
    key: 'length',
    header: '长度',
    synonyms: ['数据长度', '字段长度'],
    width: 8,
    hint: '选填；正整数',
  },
  {
    key: 'description',
    header: '描述',
    synonyms: ['信息项描述', '说明', '字段说明', '字段描述'],
    width: 30,
    hint: '选填',
  },
  {
    key: 'isKey',
    header: '是否主键',
    synonyms: ['主键'],
    width: 10,
    yesNo: true,
    hint: '是 / 否，留空为否',
  },
  {
    key: 'elementCode',
    header: '数据元代码',
    synonyms: ['数据元标识符', '标准数据元', '数据元编码', '关联数据元'],
    width: 16,
    hint: '选填；关联标准数据元（一数一源）',
  },
  {
    key: 'authoritative',
    header: '权威来源',
    synonyms: ['是否权威来源', '权威数据源'],
    width: 10,
    yesNo: true,
    hint: '是 / 否；须先填写数据元代码',
  },
]

/** Resource columns the import cannot do without (the category is inferred from the class code). */
export const REQUIRED_RESOURCE_COLUMNS: readonly ResourceColumn[] = [
  'name',
  'classCode',
  'format',
  'shareType',
  'openType',
  'updateFrequency',
]
export const REQUIRED_FIELD_COLUMNS: readonly FieldColumn[] = ['fieldName', 'fieldCode', 'dataType']

export { YES_NO }

/** Header text compared the way spreadsheets differ: full-width, spaces, `*` marks and 「（必填）」 notes. */
export function headerKey(text: string): string {
  return foldText(text)
    .replace(/[*＊]/g, '')
    .replace(/[(（][^)）]*[)）]$/, '')
}

const ALL_COLUMNS: readonly ColumnDef[] = [...RESOURCE_COLUMNS, ...FIELD_COLUMNS]

const HEADER_INDEX: ReadonlyMap<string, ColumnKey> = new Map(
  ALL_COLUMNS.flatMap((c) => [c.header, ...c.synonyms].map((h) => [headerKey(h), c.key] as const)),
)

export function columnFor(text: string): ColumnKey | undefined {
  return HEADER_INDEX.get(headerKey(text))
}

export function columnDef(key: ColumnKey): ColumnDef {
  const def = ALL_COLUMNS.find((c) => c.key === key)
  if (!def) throw new Error(`unknown column ${key}`)
  return def
}

export const RESOURCE_KEYS: ReadonlySet<ColumnKey> = new Set(RESOURCE_COLUMNS.map((c) => c.key))
