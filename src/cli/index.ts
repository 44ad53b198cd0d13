/**
 * `npm run shuhui -- <command>`: operator commands against the same database the server uses (DATABASE_URL, or
 * the PGlite DATA_DIR: stop the server first, an embedded database has one user at a time).
 */

import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { catalogImport } from './catalog-import.ts'
import { withCliDatabase } from './database.ts'
import { exchangeMain } from './exchange.ts'
import { verifyMain } from './verify.ts'

const USAGE = `用法 / usage:
  npm run shuhui -- catalog import <文件.xlsx> --org <单位ID> [--mode allOrNothing|skipInvalid] [--as <用户名>] [--dry-run]
  npm run shuhui -- exchange run <任务ID> [--as <用户名>]（见 exchange --help）
  npm run shuhui -- verify <证书.json> --key <公钥|公钥文件>（离线核验登记证书，见 verify --help）

  --org       提供单位ID（必填）
  --mode      allOrNothing（默认，有任何问题则不写入）或 skipInvalid（导入有效资源，报告其余）
  --as        以哪个用户的名义导入并记入审计（默认 admin）；须为该单位的数据专员/单位管理员，或其所在区域的数据局管理员
  --dry-run   只检查，不写入

数据库与服务相同：DATABASE_URL（PostgreSQL）或 DATA_DIR（PGlite，导入前请先停止服务）。
退出码：0 成功且无问题；1 有问题（已按模式处理）或导入失败；2 用法错误；78 配置错误。`

export async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'exchange') return exchangeMain(argv.slice(1))
  if (argv[0] === 'verify') return verifyMain(argv.slice(1))
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const [area, command, file, ...rest] = positionals
  if (area !== 'catalog' || command !== 'import' || !file || rest.length) {
    console.error(USAGE)
    return 2
  }
  const mode = values.mode ?? 'allOrNothing'
  if (mode !== 'allOrNothing' && mode !== 'skipInvalid') {
    console.error(`--mode 只能是 allOrNothing 或 skipInvalid\n\n${USAGE}`)
    return 2
  }
  const orgId = values.org
  if (!orgId) {
    console.error(`缺少 --org <单位ID>\n\n${USAGE}`)
    return 2
  }
  return withCliDatabase((db, config) =>
    catalogImport(db, {
      file,
      orgId,
      mode,
      username: values.as ?? config.adminUsername,
      dryRun: values['dry-run'] ?? false,
      progress: process.stderr.isTTY === true,
    }),
  )
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      org: { type: 'string' },
      mode: { type: 'string' },
      as: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
