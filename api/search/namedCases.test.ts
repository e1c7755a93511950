import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SearchResponse } from '../../schema/api/search.ts'
import { loadPrincipal } from '../../server/access/principal.ts'
import { searchAdapterFor } from '../../server/search/adapter.ts'
import type { SearchRecord } from '../../server/search/types.ts'
import {
  addMembership,
  assignContractor,
  createOrg,
  managedCooperative,
  member,
} from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { countingApp } from '../test/statements.ts'
import { skippedForNamedCases } from './searcher.ts'

/**
 * Issue 19: search puts the cases naming the searcher to the policy (namedCases.ts) grouped by
 * the facts that differ for them, so someone who reported or is assigned hundreds of cases costs
 * the same statements and rows as someone named on two; a case the policy refuses them is still
 * hidden (issue 12), read one by one only then.
 */
describe.each(ENGINES)('search: the cases naming the searcher on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())

  const addCases = (orgId: string, reporterId: string, from: number, count: number) =>
    sql`
      INSERT INTO cases (org_id, number, reporter_id, title, category, status, created_at, updated_at)
      SELECT ${orgId}::uuid, n, ${reporterId}::uuid, 'Vuotava hana ' || n, 'other', 'new', now(), now()
      FROM generate_series(${from}::int, ${from + count - 1}::int) AS n`.execute(t.deps.db)

  it('costs the same for 2 cases naming the searcher as for 42, and still hides a refused one', async () => {
    const db = t.deps.db
    const place = await managedCooperative(db)
    const org = place.coop.id
    const board = await member(db, org, 'board_member')
    await addCases(org, board.id, 1, 2)
    const path = `/api/search?q=kuivausrumpu&org=${org}`
    const api = countingApp(t)
    const few = await api.get<SearchResponse>(board.token, path)
    await addCases(org, board.id, 3, 40)
    const many = await api.get<SearchResponse>(board.token, path)
    expect(many.statements).toBe(few.statements)
    expect(many.rows).toBe(few.rows)

    // A maintenance worker assigned to a case finds it through its audience; lowered to a
    // resident, the policy no longer lets them read it and the very next search hides it.
    const worker = await member(db, org, 'maintenance_staff')
    const word = `pumppaamo${crypto.randomUUID().slice(0, 8)}`
    const assigned = await db
      .insertInto('cases')
      .values({
        org_id: org,
        number: 100,
        reporter_id: board.id,
        assignee_id: worker.id,
        title: `Pumppaamo ${word}`,
        category: 'other',
        status: 'new',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await searchAdapterFor(db, t.deps.config).upsert([
      {
        id: `case:${assigned.id}`,
        orgId: org,
        type: 'case',
        entityId: assigned.id,
        title: `Pumppaamo ${word}`,
        body: '',
        language: 'fi',
        url: `/org/${org}/cases/${assigned.id}`,
        updatedAt: new Date(),
        visibility: {
          roles: ['property_manager'],
          buildingId: null,
          participants: [worker.id],
          internal: false,
        },
      },
    ])
    const find = async () =>
      (await countingApp(t).get<SearchResponse>(worker.token, `/api/search?q=${word}`)).body.results.map(
        (r) => r.id,
      )
    expect(await find()).toEqual([`case:${assigned.id}`])
    await db.updateTable('memberships').set({ role: 'resident' }).where('user_id', '=', worker.id).execute()
    expect(await find()).toEqual([])
  })

  // Where the policy says the searcher reads every case (readsEveryCase), the cases naming them
  // there are not read at all; everywhere else they still decide what is hidden and where they
  // search as a guest.
  it('skips the named cases only where the searcher reads every case, and loses no row by it', async () => {
    const db = t.deps.db
    const word = `venttiili${crypto.randomUUID().slice(0, 8)}`
    const home = await managedCooperative(db)
    const away = await managedCooperative(db)
    const partner = await createOrg(db, { kind: 'partner_company' })
    const person = await member(db, home.coop.id, 'board_member')
    await addMembership(db, partner.id, person.id, 'contractor')
    const other = await member(db, home.coop.id, 'resident')
    const newCase = (orgId: string, number: number) =>
      db
        .insertInto('cases')
        .values({
          org_id: orgId,
          number,
          reporter_id: other.id,
          title: word,
          category: 'other',
          status: 'new',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    // Away, assigned to them as a contractor of the partner company: there they are a guest.
    const guest = await newCase(away.coop.id, 1)
    await assignContractor(db, guest.id, person.id, partner.id)
    const search = (path: string) => countingApp(t).get<SearchResponse>(person.token, path)
    // The shortcut is taken: home is left out of the lookup (the policy says they read every case
    // there), so the 41 cases naming them at home (assigned one as a board member, reported forty)
    // are not read, and the search costs the same statements.
    const nothing = `/api/search?q=olematon${crypto.randomUUID().slice(0, 8)}`
    const before = await search(nothing)
    const mine = await newCase(home.coop.id, 1)
    await db.updateTable('cases').set({ assignee_id: person.id }).where('id', '=', mine.id).execute()
    await addCases(home.coop.id, person.id, 100, 40)
    const after = await search(nothing)
    expect(after.statements).toBe(before.statements)
    expect(after.sql.some((s) => s.includes('"org_id" not in'))).toBe(true)
    const principal = () => loadPrincipal(db, { userId: person.id, mfaVerified: true })
    expect(skippedForNamedCases(await principal())).toEqual([home.coop.id])

    const record = (orgId: string, caseId: string): SearchRecord => ({
      id: `case:${caseId}`,
      orgId,
      type: 'case',
      entityId: caseId,
      title: word,
      body: '',
      language: 'fi',
      url: `/org/${orgId}/cases/${caseId}`,
      updatedAt: new Date(),
      visibility: {
        roles: ['property_manager'],
        buildingId: null,
        participants: [person.id],
        internal: false,
      },
    })
    await searchAdapterFor(db, t.deps.config).upsert([
      record(home.coop.id, mine.id),
      record(away.coop.id, guest.id),
    ])
    const found = async () => (await search(`/api/search?q=${word}`)).body.results.map((r) => r.id).sort()
    // Dropped nothing: the cooperative where they are only a guest is still searched.
    expect(await found()).toEqual([`case:${mine.id}`, `case:${guest.id}`].sort())

    // Leaks nothing: lowered to a resident at home, the case they were assigned as a board member
    // is no longer theirs to read, and the named cases at home decide again.
    await db
      .updateTable('memberships')
      .set({ role: 'resident' })
      .where('user_id', '=', person.id)
      .where('org_id', '=', home.coop.id)
      .execute()
    expect(skippedForNamedCases(await principal())).toEqual([])
    expect(await found()).toEqual([`case:${guest.id}`])
  })
})
