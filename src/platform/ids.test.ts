import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isUuid, newId } from './ids.ts'

test('newId: valid UUIDv7s, unique, in creation order even within one millisecond and across pool refills', () => {
  const ids = Array.from({ length: 5000 }, () => newId())
  for (const id of ids.slice(0, 50)) {
    assert.ok(isUuid(id), id)
    assert.equal(id[14], '7', `version nibble of ${id}`)
    assert.match(id[19] ?? '', /[89ab]/, `variant of ${id}`)
  }
  assert.equal(new Set(ids).size, ids.length)
  assert.deepEqual([...ids].sort(), ids)
  const ms = Number.parseInt(ids[0]?.replace(/-/g, '').slice(0, 12) ?? '', 16)
  assert.ok(Math.abs(ms - Date.now()) < 5000, 'the time prefix is now')
})
