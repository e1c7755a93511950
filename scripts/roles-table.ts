import { readFileSync, writeFileSync } from 'node:fs'
import { withCurrentTable } from './lib/roleTable.ts'

/** `npm run docs:roles`: rewrites the generated role × capability table of docs/ROLES.md. */
const path = new URL('../docs/ROLES.md', import.meta.url)
writeFileSync(path, withCurrentTable(readFileSync(path, 'utf8')))
console.log('docs/ROLES.md: role table rewritten from schema/policy.ts')
