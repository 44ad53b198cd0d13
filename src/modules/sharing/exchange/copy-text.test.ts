/** COPY text as the exchange writes and rewrites it: escaping round trips, masking and cutting of fields. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { copyPayload, fromCopy, reshapeCopy } from './copy-in.ts'

const cell = fc.option(
  fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/\0/g, '')),
  {
    nil: null,
  },
)
const parse = (buf: Buffer) =>
  buf
    .toString('utf8')
    .split('\n')
    .slice(0, -1)
    .map((l) => l.split('\t').map(fromCopy))

test('any text survives COPY escaping (tabs, newlines, backslashes, \\N-lookalikes)', () => {
  fc.assert(
    fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 20 }), (rows) => {
      assert.deepEqual(parse(copyPayload(rows)), rows)
    }),
  )
  assert.deepEqual(parse(copyPayload([['\\N', null, 'a\tb\nc\\d\re']])), [['\\N', null, 'a\tb\nc\\d\re']])
})

test('reshaping masks the chosen fields, drops appended key columns, and leaves other rows untouched', () => {
  fc.assert(
    fc.property(fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { maxLength: 20 }), (rows) => {
      const upper = (v: string) => `<${v.toUpperCase()}>`
      const reshaped = parse(reshapeCopy(copyPayload(rows), 3, [[1, upper]]))
      const want = rows.map((r) => [
        r[0] ?? null,
        r[1] === null || r[1] === undefined ? null : upper(r[1]),
        r[2] ?? null,
      ])
      assert.deepEqual(reshaped, want)
      const plain = copyPayload(rows.map((r) => r.slice(0, 3)))
      assert.equal(reshapeCopy(plain, 3, []), plain, 'nothing to do: the same buffer')
    }),
  )
})
