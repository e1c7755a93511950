import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMembership, createUser, managedCooperative, member, signIn } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { applyAllRetention } from './job.ts'

/**
 * Retention (issue 18): the settings, who may see and set them, the dry run that removes nothing,
 * and the daily job that removes exactly what the dry run counted and audits it.
 */
describe.each(ENGINES)('retention on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())
  const db = () => t.deps.db
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000)

  async function world() {
    const place = await managedCooperative(db())
    const org = place.coop.id
    const manager = await member(db(), place.mgmt.id, 'property_manager')
    const resident = await createUser(db())
    await addMembership(db(), org, resident.id, 'resident', {
      apartmentId: place.apartmentId,
      buildingId: place.buildingId,
    })
    const residentToken = await signIn(db(), resident.id)
    // Cases: old and closed (goes), recently closed and old but open (stay).
    const cases: string[] = []
    for (const title of ['Vanha suljettu', 'Tuore suljettu', 'Vanha avoin']) {
      const res = await client(t.app, residentToken).post('/api/cases', {
        org,
        title,
        description: 'Kuvaus',
        category: 'water_damage',
      })
      expect(res.status).toBe(201)
      cases.push(((await res.json()) as { id: string }).id)
    }
    const [oldClosed, newClosed, oldOpen] = cases as [string, string, string]
    await db()
      .updateTable('cases')
      .set({ status: 'closed', updated_at: daysAgo(400) })
      .where('id', '=', oldClosed)
      .execute()
    await db()
      .updateTable('cases')
      .set({ status: 'closed', updated_at: daysAgo(10) })
      .where('id', '=', newClosed)
      .execute()
    await db()
      .updateTable('cases')
      .set({ updated_at: daysAgo(400) })
      .where('id', '=', oldOpen)
      .execute()
    // Chat: old and archived (goes), recent archived and old but still in the document (stay).
    const thread = await db()
      .insertInto('threads')
      .values({ org_id: org, title: 'Piha', audience: 'members', created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const m = (id: string, created: Date, archived: Date | null, seq: number) => ({
      org_id: org,
      thread_id: thread.id,
      id: `${id}-${thread.id}`,
      author_id: resident.id,
      text: id,
      created_at: created,
      archived_at: archived,
      seq,
    })
    await db()
      .insertInto('messages')
      .values([
        m('old', daysAgo(400), daysAgo(300), 1),
        m('recent', daysAgo(5), daysAgo(1), 2),
        m('live', daysAgo(400), null, 3),
      ])
      .execute()
    // The old message and the live one were edited: their history goes and stays with them
    // (message_versions is append-only for everything but this purge and erasure).
    const version = (id: string, n: number, at: Date) => ({
      org_id: org,
      thread_id: thread.id,
      message_id: `${id}-${thread.id}`,
      version: `1:${n}`,
      text: `${id} v${n}`,
      edited_by: resident.id,
      edited_at: at,
    })
    await db()
      .insertInto('message_versions')
      .values([
        version('old', 1, daysAgo(400)),
        version('old', 2, daysAgo(399)),
        version('live', 3, daysAgo(400)),
      ])
      .execute()
    // Readings: one old (goes), one recent (stays).
    const meter = await db()
      .insertInto('meters')
      .values({
        org_id: org,
        building_id: place.buildingId,
        kind: 'cold_water',
        serial: `S-${thread.id}`,
        unit: 'm3',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const reading = (day: Date, value: number) => ({
      org_id: org,
      meter_id: meter.id,
      value,
      read_on: day.toISOString().slice(0, 10),
      status: 'accepted' as const,
      source: 'staff' as const,
    })
    await db()
      .insertInto('meter_readings')
      .values([reading(daysAgo(3000), 10), reading(daysAgo(30), 20)])
      .execute()
    return {
      ...place,
      org,
      manager,
      resident,
      residentToken,
      oldClosed,
      newClosed,
      oldOpen,
      thread: thread.id,
    }
  }

  const SETTINGS = { closedCasesDays: 365, chatDays: 180, readingsDays: 2555 }

  it('counts in a dry run, then the daily job removes exactly that, audited', async () => {
    const w = await world()
    const staff = client(t.app, w.manager.token)
    expect(await (await staff.get(`/api/orgs/${w.org}/retention`)).json()).toEqual({
      retention: { closedCasesDays: null, chatDays: null, readingsDays: null },
    })
    expect((await staff.put(`/api/orgs/${w.org}/retention`, SETTINGS)).status).toBe(200)
    expect(
      ((await (await staff.get(`/api/orgs/${w.org}/retention`)).json()) as { retention: unknown }).retention,
    ).toEqual(SETTINGS)

    const dry = await staff.post(`/api/orgs/${w.org}/retention/dry-run`)
    expect(dry.status).toBe(200)
    const { report } = (await dry.json()) as { report: { counts: Record<string, number> } }
    expect(report.counts).toEqual({ closedCases: 1, messages: 1, readings: 1 })
    // The dry run removed nothing.
    expect(
      await db().selectFrom('cases').select('id').where('id', '=', w.oldClosed).executeTakeFirst(),
    ).toBeTruthy()

    await applyAllRetention(db())
    const caseIds = (await db().selectFrom('cases').select('id').where('org_id', '=', w.org).execute()).map(
      (r) => r.id,
    )
    expect(caseIds.sort()).toEqual([w.newClosed, w.oldOpen].sort())
    const texts = (
      await db().selectFrom('messages').select('text').where('thread_id', '=', w.thread).execute()
    ).map((r) => r.text)
    expect(texts.sort()).toEqual(['live', 'recent'])
    const history = await db()
      .selectFrom('message_versions')
      .select('text')
      .where('thread_id', '=', w.thread)
      .execute()
    expect(history.map((v) => v.text)).toEqual(['live v3'])
    const values = (
      await db().selectFrom('meter_readings').select('value').where('org_id', '=', w.org).execute()
    ).map((r) => Number(r.value))
    expect(values).toEqual([20])
    const audited = await db()
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('org_id', '=', w.org)
      .where('action', 'like', 'retention.%')
      .orderBy('id')
      .execute()
    expect(audited.map((a) => a.action)).toEqual([
      'retention.changed',
      'retention.dry_run',
      'retention.applied',
    ])
    // Run again: nothing more to remove, nothing more audited.
    await applyAllRetention(db())
    expect((await staff.post(`/api/orgs/${w.org}/retention/dry-run`)).status).toBe(200)
    const again = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('org_id', '=', w.org)
      .where('action', '=', 'retention.applied')
      .execute()
    expect(again).toHaveLength(1)
  })

  it('another organisation gets nothing; members without the role are refused; bad input is refused', async () => {
    const w = await world()
    const elsewhere = await managedCooperative(db())
    const stranger = await member(db(), elsewhere.coop.id, 'org_admin')
    const board = await member(db(), w.org, 'board_member')
    const auditor = await member(db(), w.org, 'auditor')
    for (const path of [`/api/orgs/${w.org}/retention`]) {
      expect((await client(t.app, stranger.token).get(path)).status).toBe(404)
      expect((await client(t.app, stranger.token).put(path, SETTINGS)).status).toBe(404)
      expect((await client(t.app, stranger.token).post(`${path}/dry-run`)).status).toBe(404)
      expect((await client(t.app, w.residentToken).get(path)).status).toBe(403)
      expect((await client(t.app, w.residentToken).post(`${path}/dry-run`)).status).toBe(403)
      // The board and the auditor read, but do not set.
      expect((await client(t.app, board.token).get(path)).status).toBe(200)
      expect((await client(t.app, auditor.token).post(`${path}/dry-run`)).status).toBe(200)
      expect((await client(t.app, board.token).put(path, SETTINGS)).status).toBe(403)
      expect((await client(t.app, auditor.token).put(path, SETTINGS)).status).toBe(403)
    }
    const staff = client(t.app, w.manager.token)
    for (const bad of [
      { ...SETTINGS, chatDays: 1 },
      { ...SETTINGS, readingsDays: 30 },
      { ...SETTINGS, closedCasesDays: 'forever' },
      { ...SETTINGS, extra: 1 },
      { chatDays: 100 },
    ])
      expect((await staff.put(`/api/orgs/${w.org}/retention`, bad)).status).toBe(422)
    expect((await staff.get('/api/orgs/not-a-uuid/retention')).status).toBe(422)
    expect(
      await db()
        .selectFrom('retention_settings')
        .select('org_id')
        .where('org_id', '=', w.org)
        .executeTakeFirst(),
    ).toBeUndefined()
  })
})
