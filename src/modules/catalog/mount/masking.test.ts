import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DEFAULT_MASKING_RULES } from '../../../platform/masking/index.ts'
import { maskKind, maskRows, maskValue } from './masking.ts'

test('sensitive fields are recognised by code, name or data element', () => {
  assert.equal(maskKind({ code: 'sfzh', name: '证件' }), 'id_number')
  assert.equal(maskKind({ code: 'c1', name: '公民身份号码' }), 'id_number')
  assert.equal(maskKind({ code: 'holder_id_number', name: 'x' }), 'id_number')
  assert.equal(maskKind({ code: 'c2', name: '联系电话' }), 'phone')
  assert.equal(maskKind({ code: 'mobile', name: 'x' }), 'phone')
  assert.equal(maskKind({ code: 'xm', name: '名' }), 'person_name')
  assert.equal(maskKind({ code: 'c3', name: '申请人姓名' }), 'person_name')
  assert.equal(maskKind({ code: 'c4', name: '经营地址' }), 'address')
  assert.equal(maskKind({ code: 'c5', name: 'x', elementCode: 'sfzh' }), 'id_number')
  assert.equal(maskKind({ code: 'yhkh', name: '银行卡号' }), 'bank_card')
  assert.equal(maskKind({ code: 'org_name', name: '单位名称' }), null)
  assert.equal(maskKind({ code: 'tyshxydm', name: '统一社会信用代码' }), null)
  assert.equal(maskKind({ code: 'nl', name: '年龄' }), null)
})

test('each kind keeps only what the rule allows', () => {
  assert.equal(maskValue('id_number', '43030219900101123X'), '430302********123X')
  assert.equal(maskValue('id_number', '123'), '***')
  assert.equal(maskValue('phone', '13812345678'), '138****5678')
  assert.equal(maskValue('phone', '0731-5822'), '07****822')
  assert.equal(maskValue('person_name', '张三'), '张*')
  assert.equal(maskValue('person_name', '欧阳娜娜'), '欧***')
  assert.equal(maskValue('address', '湖南省湘潭市雨湖区韶山西路1号'), '湖南省湘潭市雨湖区****')
  assert.equal(maskValue('address', '湖南省湘潭县易俗河镇'), '湖南省湘潭县****')
  assert.equal(maskValue('address', '韶山西路1号院'), '韶山西路****')
  assert.equal(maskValue('address', ''), '')
  assert.equal(maskValue('bank_card', '6222 0212 3456 7890 123'), '***************0123')
  assert.equal(maskValue('null', '13812345678'), null)
  assert.equal(maskValue('redact', '13812345678'), '******')
})

test('hash is joinable under one pepper, unrelated under another, and redacts without a pepper', () => {
  const a = Buffer.alloc(32, 1)
  const b = Buffer.alloc(32, 2)
  const h = maskValue('hash', '43030219900101123X', a)
  assert.match(h ?? '', /^[0-9a-f]{32}$/)
  assert.equal(maskValue('hash', ' 43030219900101123x ', a), h)
  assert.notEqual(maskValue('hash', '43030219900101123X', b), h)
  assert.notEqual(maskValue('hash', '430302199001011231', a), h)
  assert.equal(maskValue('hash', '43030219900101123X'), '******')
})

test('rows are masked in a copy; numbers are masked as text; empties stay empty', () => {
  const rows = [{ sjhm: 13812345678, xm: null, nl: 30 }]
  const out = maskRows(
    [
      { code: 'sjhm', name: '手机号码' },
      { code: 'xm', name: '姓名' },
      { code: 'nl', name: '年龄' },
    ],
    rows,
  )
  assert.deepEqual(out.masked, ['sjhm', 'xm'])
  assert.deepEqual(out.rows, [{ sjhm: '138****5678', xm: null, nl: 30 }])
  assert.equal(rows[0]?.sjhm, 13812345678)
})

test('grade and policy choose the strategy; confirmed types win over names', () => {
  const fields = [
    { code: 'bz', name: '备注', grade: 'core' },
    { code: 'xm', name: '姓名', grade: 'general_3' },
    { code: 'c7', name: '证件', grade: 'important' },
    { code: 'nl', name: '年龄', grade: 'general_1' },
  ]
  const row = { bz: '内部', xm: '张三', c7: '43030219900101123X', nl: 30 }
  const plain = maskRows(fields, [row])
  assert.deepEqual(plain.rows[0], { bz: '******', xm: '张*', c7: '43030219900101123X', nl: 30 })
  const reviewed = maskRows(fields, [row], { reviewed: true })
  assert.deepEqual(reviewed.rows[0], { bz: '******', xm: '张三', c7: '43030219900101123X', nl: 30 })
  const rules = {
    grades: { ...DEFAULT_MASKING_RULES.grades, general_1: 'hash' as const },
    fieldTypes: { c7: 'id_number' as const, xm: null },
  }
  const ruled = maskRows(fields, [row], { rules, pepper: Buffer.alloc(32, 1) })
  assert.equal(ruled.rows[0]?.c7, '430302********123X')
  assert.equal(ruled.rows[0]?.xm, '张三')
  assert.match(String(ruled.rows[0]?.nl), /^[0-9a-f]{32}$/)
})
