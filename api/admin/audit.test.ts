import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { managedCooperative, member } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'

describe.each(ENGINES)('audit log on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  it('records admin actions and the database refuses to change or delete them', async () => {
    const { coop } = await managedCooperative(t.deps.db)
    const admin = await member(t.deps.db, coop.id, 'org_admin')
    const victim = await member(t.deps.db, coop.id, 'resident')
    await client(t.app, admin.token).patch(`/api/orgs/${coop.id}/members/${victim.membershipId}`, {
      role: 'owner',
    })
    await client(t.app, admin.token).delete(`/api/orgs/${coop.id}/members/${victim.membershipId}`)
    const { entries } = await (await client(t.app, admin.token).get(`/api/orgs/${coop.id}/audit`)).json()
    expect(entries.map((e: { action: string }) => e.action)).toEqual([
      'membership.removed',
      'membership.role_changed',
    ])
    expect(entries[1].details).toMatchObject({ from: 'resident', to: 'owner', userId: victim.id })
    await expect(
      sql`UPDATE audit_log SET action = 'x' WHERE org_id = ${coop.id}`.execute(t.deps.db),
    ).rejects.toThrow(/append-only/)
    await expect(sql`DELETE FROM audit_log WHERE org_id = ${coop.id}`.execute(t.deps.db)).rejects.toThrow(
      /append-only/,
    )
    const count = await t.deps.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('org_id', '=', coop.id)
      .executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(2)
    expect(t.accessChanges).toContainEqual({ kind: 'membership', orgId: coop.id, userId: victim.id })
  })
})
