/**
 * The catalog's controlled vocabularies: code names (docs/glossary.md) with the Chinese labels of the national
 * catalogue guide (政务信息资源目录编制指南) and the synonyms departments use in their spreadsheets.
 * Excel import/export, the web console, DCAT export and validation all read them from here.
 */

export interface Term<C extends string> {
  readonly code: C
  readonly zh: string
  /** Other spellings accepted on import (trimmed, full-width folded, compared case-insensitively). */
  readonly synonyms?: readonly string[]
}

function vocabulary<const T extends readonly Term<string>[]>(terms: T) {
  return terms
}

export const CATEGORIES = vocabulary([
  { code: 'base', zh: '基础信息资源', synonyms: ['基础', '基础类', '1'] },
  { code: 'theme', zh: '主题信息资源', synonyms: ['主题', '主题类', '2'] },
  { code: 'department', zh: '部门信息资源', synonyms: ['部门', '部门类', '3'] },
])
export type Category = (typeof CATEGORIES)[number]['code']

/** 类 digit of the resource code for each category. */
export const CATEGORY_DIGIT: Record<Category, string> = { base: '1', theme: '2', department: '3' }

export const FORMATS = vocabulary([
  { code: 'file', zh: '电子文件', synonyms: ['文件', '1'] },
  { code: 'spreadsheet', zh: '电子表格', synonyms: ['表格', 'excel', '2'] },
  { code: 'database', zh: '数据库', synonyms: ['库表', '数据库表', '3'] },
  { code: 'image', zh: '图形图像', synonyms: ['图像', '图片', '4'] },
  { code: 'stream', zh: '流媒体', synonyms: ['音视频', '5'] },
  { code: 'self_describing', zh: '自描述格式', synonyms: ['json', 'xml', '6'] },
  { code: 'api', zh: '服务接口', synonyms: ['接口', 'api接口', 'webservice', '7'] },
])
export type ResourceFormat = (typeof FORMATS)[number]['code']

export const SHARE_TYPES = vocabulary([
  { code: 'unconditional', zh: '无条件共享', synonyms: ['无条件', '1'] },
  { code: 'conditional', zh: '有条件共享', synonyms: ['有条件', '2'] },
  { code: 'none', zh: '不予共享', synonyms: ['不予', '不共享', '3'] },
])
export type ShareType = (typeof SHARE_TYPES)[number]['code']

export const OPEN_TYPES = vocabulary([
  { code: 'open', zh: '无条件开放', synonyms: ['无条件', '开放', '是', 'y', 'yes'] },
  { code: 'conditional', zh: '有条件开放', synonyms: ['有条件'] },
  { code: 'closed', zh: '不予开放', synonyms: ['不开放', '不予', '否', 'n', 'no'] },
])
export type OpenType = (typeof OPEN_TYPES)[number]['code']

export const UPDATE_FREQUENCIES = vocabulary([
  { code: 'realtime', zh: '实时', synonyms: ['实时更新'] },
  { code: 'daily', zh: '每日', synonyms: ['每天', '日', '按日'] },
  { code: 'weekly', zh: '每周', synonyms: ['周', '按周'] },
  { code: 'monthly', zh: '每月', synonyms: ['月', '按月'] },
  { code: 'quarterly', zh: '每季度', synonyms: ['季度', '按季度', '每季'] },
  { code: 'half_yearly', zh: '每半年', synonyms: ['半年'] },
  { code: 'yearly', zh: '每年', synonyms: ['年', '按年', '每年度'] },
  { code: 'irregular', zh: '不定期', synonyms: ['不定时', '按需'] },
])
export type UpdateFrequency = (typeof UPDATE_FREQUENCIES)[number]['code']

/** The longest a resource may go without new data before the catalog check calls it stale, in days. */
export const STALE_AFTER_DAYS: Record<UpdateFrequency, number | null> = {
  realtime: 1,
  daily: 2,
  weekly: 8,
  monthly: 32,
  quarterly: 93,
  half_yearly: 184,
  yearly: 366,
  irregular: null,
}

export const FIELD_DATA_TYPES = vocabulary([
  { code: 'string', zh: '字符型', synonyms: ['字符', '字符串', 'varchar', 'char', 'text', 'string', 'c'] },
  { code: 'integer', zh: '整数型', synonyms: ['整数', '整型', 'int', 'integer', 'bigint', 'i'] },
  {
    code: 'decimal',
    zh: '数值型',
    synonyms: ['数值', '数字', '小数', 'number', 'numeric', 'decimal', 'float', 'n'],
  },
  { code: 'date', zh: '日期型', synonyms: ['日期', 'date', 'd'] },
  { code: 'datetime', zh: '日期时间型', synonyms: ['日期时间', '时间', 'datetime', 'timestamp', 't'] },
  { code: 'boolean', zh: '布尔型', synonyms: ['布尔', '逻辑型', 'bool', 'boolean', 'b'] },
  { code: 'binary', zh: '二进制', synonyms: ['二进制型', 'blob', 'binary'] },
])
export type FieldDataType = (typeof FIELD_DATA_TYPES)[number]['code']

export const FIELD_GRADES = vocabulary([
  { code: 'core', zh: '核心数据' },
  { code: 'important', zh: '重要数据' },
  { code: 'general_4', zh: '一般数据4级' },
  { code: 'general_3', zh: '一般数据3级' },
  { code: 'general_2', zh: '一般数据2级' },
  { code: 'general_1', zh: '一般数据1级' },
])
export type FieldGrade = (typeof FIELD_GRADES)[number]['code']

export const RESOURCE_STATUSES = vocabulary([
  { code: 'draft', zh: '草稿' },
  { code: 'submitted', zh: '待审核' },
  { code: 'returned', zh: '已退回' },
  { code: 'published', zh: '已发布' },
  { code: 'retired', zh: '已下线' },
])
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number]['code']

export type MountStatus = 'unmounted' | 'mounted' | 'error'

/** Folds full-width characters and spaces so that spreadsheet cells compare with the vocabulary. */
export function foldText(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .replace(/\s+/g, '')
    .toLowerCase()
}

/** Finds the term whose code, label or synonym matches the input; undefined when nothing does. */
export function lookupTerm<C extends string>(terms: readonly Term<C>[], input: string): C | undefined {
  const needle = foldText(input)
  if (!needle) return undefined
  for (const t of terms) {
    if (foldText(t.code) === needle || foldText(t.zh) === needle) return t.code
    if (t.synonyms?.some((s) => foldText(s) === needle)) return t.code
  }
  return undefined
}

export function termLabel<C extends string>(terms: readonly Term<C>[], code: C): string {
  return terms.find((t) => t.code === code)?.zh ?? code
}

/** 资源代码: 类(1) + 项(2) + 目(3) + 细目(0..n digits) + '/' + 顺序码. */
export const RESOURCE_CODE_RE = /^([1-3][0-9]{5}[0-9]*)\/([0-9]{1,12})$/
export const CLASS_CODE_RE = /^[1-3][0-9]{5}[0-9]*$/
export const SEQUENCE_DIGITS = 6
