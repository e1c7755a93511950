import { startTestApp } from '../api/test/harness.ts'
import { client } from '../api/test/http.ts'
import { member } from '../server/test/factories.ts'
import { sql } from 'kysely'
const t = await startTestApp('postgres')
const db = t.deps.db
const coop = (await sql<{ org_id: string }>`select org_id from meters where serial like 'W-%' group by org_id having count(*)=100 limit 1 offset 11`.execute(db)).rows[0]!.org_id
const pf = (await sql<{ org_id: string }>`select org_id from portfolio_holdings group by org_id having count(*)=50 limit 1`.execute(db)).rows[0]!.org_id
const board = await member(db, coop, 'board_member')
const inv = await member(db, pf, 'investor')
for (const [tok, org, r] of [[board.token, coop, 'service']] as const) {
  for (let i = 0; i < 4; i++) {
    const t0 = performance.now()
    const res = await client(t.app, tok).get(`/api/reports/${org}/${r}`)
    await res.arrayBuffer()
    console.log(r, res.status, (performance.now() - t0).toFixed(0), 'ms')
  }
}
await t.close()
process.exit(0)
