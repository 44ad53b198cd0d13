/** Test set-up for enterprises (not itself a test): valid credit codes and signup forms, unique per call. */
import { creditCodeCheckChar } from '../../platform/validators/index.ts'

export const ENTERPRISE_PASSWORD = 'Company123'
let serial = 0

/** A valid 统一社会信用代码 of an enterprise (91) registered in `region`, unique per call. */
export function creditCode(region = '430302'): string {
  const n = serial++
  const body = `91${region}${String(Date.now() % 1e6).padStart(6, '0')}${String(n % 1000).padStart(3, '0')}`
  return body + creditCodeCheckChar(body)
}

export function signupBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const n = serial++
  return {
    name: `湘潭测试科技有限公司${n}`,
    creditCode: creditCode(),
    regionCode: '430302',
    contactName: '张经理',
    contactMobile: '13812345678',
    username: `ent.user${n}.${Date.now() % 100000}`,
    password: ENTERPRISE_PASSWORD,
    ...overrides,
  }
}
