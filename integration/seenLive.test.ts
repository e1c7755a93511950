import { describe, expect, it, vi } from 'vitest'
import { createCase } from '../api/cases/create.ts'
import { client } from '../api/test/http.ts'
import { ENGINES, tokenFor, useCollabServer } from '../collab-server/test/harness.ts'
import { docName } from '../schema/docs/names.ts'
import { messagesOf, postMessage } from '../schema/docs/thread.ts'
import { loadOrgRef, loadPrincipal } from '../server/access/principal.ts'
import { jsonb } from '../server/db/json.ts'
import { addMembership, createUser, managedCooperative, member, signIn } from '../server/test/factories.ts'
import { apiBeside, inboxItemsOf } from './apiBeside.ts'

/**
 * Issue 20: a notification left unread after the case was seen live. The reporter has the case's
 * conversation open when the manager writes; their client marks the thread read as the message
 * arrives (client/src/chat/SeenLive.tsx) and they leave. The notice trails the message by the
 * compaction delay; when it comes, their item must be stored read — so the bell of every tab and
 * device agrees — and not mailed. A message they did not see stays unread.
 */
describe.each(ENGINES)('a message seen live on %s', (engine) => {
  // Compaction as in production (seconds after the last edit), not the harness's 200 ms: the
  // reader's client marks the thread read within milliseconds of the message arriving.
  const suite = useCollabServer(engine, { debounceMs: 2000, maxDebounceMs: 4000 })
  const db = suite.db

  it('is delivered already read to whoever saw it; one not seen stays unread', async () => {
    const api = apiBeside(suite)
    const home = await managedCooperative(db())
    const person = await createUser(db())
    await addMembership(db(), home.coop.id, person.id, 'resident', {
      buildingId: home.buildingId,
      apartmentId: home.apartmentId,
    })
    const reporter = { ...person, token: await signIn(db(), person.id) }
    // Messages by email too, so a seen message would show by being mailed.
    const prefs = { message: { portal: true, email: true, sms: false, letter: false } }
    await db()
      .updateTable('users')
      .set({ notification_prefs: jsonb(prefs) })
      .where('id', '=', reporter.id)
      .execute()
    const manager = await member(db(), home.mgmt.id, 'property_manager')
    const org = (await loadOrgRef(db(), home.coop.id))!
    const caseId = await createCase(
      db(),
      await loadPrincipal(db(), { userId: reporter.id, mfaVerified: true }),
      org,
      {
        title: 'Vesihana vuotaa',
        description: '',
        category: 'water_damage',
        priority: 'normal',
        sharedWithBuilding: false,
      },
    )
    const thread = (await db()
      .selectFrom('threads')
      .select('id')
      .where('case_id', '=', caseId)
      .where('layer', '=', 'case')
      .executeTakeFirst())!
    const name = docName('thread', home.coop.id, thread.id)
    const open = async (token: string) => {
      const c = suite.open(suite.server.url, name, { token: await tokenFor(db(), token) })
      await vi.waitFor(() => expect(c.provider.synced).toBe(true))
      return c
    }
    const writer = await open(manager.token)
    const reader = await open(reporter.token)

    postMessage(writer.doc, { authorId: manager.id, text: 'Putkimies tulee huomenna klo 9.' })
    // It reaches the reporter's open conversation; their client marks the thread read, and they leave.
    await vi.waitFor(() => expect(messagesOf(reader.doc).length).toBe(1))
    expect((await client(api, reporter.token).post(`/api/threads/${thread.id}/read`, {})).status).toBe(200)
    reader.destroy()

    const messageItems = () => inboxItemsOf(db(), reporter.id, 'message')
    await vi.waitFor(async () => expect(await messageItems()).toHaveLength(1), { timeout: 15_000 })
    const [seen] = await messageItems()
    expect(seen).toMatchObject({
      link: `/org/${home.coop.id}/cases/${caseId}`,
      body: expect.stringContaining('klo 9'),
    })
    expect(seen?.readAt).toBeTypeOf('number')

    // Not open this time: the next message stays unread, and is mailed.
    postMessage(writer.doc, { authorId: manager.id, text: 'Avain on huoltoyhtiöllä.' })
    await vi.waitFor(async () => expect(await messageItems()).toHaveLength(2), { timeout: 15_000 })
    const unseen = (await messageItems()).find((i) => i.body.includes('Avain'))
    expect(unseen?.readAt).toBeNull()
    await vi.waitFor(async () => {
      const mail = await db()
        .selectFrom('mail_outbox')
        .select('body')
        .where('to_address', '=', reporter.email)
        .where('kind', '=', 'notify.message')
        .execute()
      expect(mail.map((m) => m.body).join('\n')).toContain('Avain')
      expect(mail.map((m) => m.body).join('\n')).not.toContain('klo 9')
    })
  })
})
