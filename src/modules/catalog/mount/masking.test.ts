import assert from 'node:assert/strict'
import { test } from 'node:test'
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
  assert.equal(maskKind({ code: 'org_name', name: '单位名称' }), null)
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
