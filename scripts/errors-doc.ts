// Prints the error table for docs/errors.md from the running catalogue: `node --import tsx scripts/errors-doc.ts`.
import '../src/app.ts'
import { registeredErrors } from '../src/platform/errors.ts'

for (const e of registeredErrors()) console.log(`| \`${e.code}\` | ${e.status} | ${e.zh} | ${e.en} |`)
