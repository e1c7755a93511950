import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { docName, parseDocName } from '../../schema/docs/names.ts'
import { postMessage, readMessages } from '../../schema/docs/thread.ts'
import { writeStoredDocument } from '../../server/docstore/docWriter.ts'
import { projectThread } from '../../server/projections/thread.ts'
import { addMembership, createUser, managedCooperative, member, signIn } from '../../server/test/factories.ts'
import { ENGINES, startTestApp, type TestContext } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { KEPT_TABLES } from './erase.ts'

/**
 * Erasure (issue 18): the person asks, the staff of each organisation confirm, and afterwards
 * every text column of every table, every stored live document and the search index are searched
 * for the person's name and email: only the rows the law keeps (invoices, the audit trail) may
 * still hold them.
 */
describe.each(ENGINES)('erasure on %s', (engine) => {
  let t: TestContext
  beforeAll(async () => {
    t = await startTestApp(engine)
  })
  afterAll(() => t.close())
  const db = () => t.deps.db

  /** Every (table, column) whose text holds `needle`, case-insensitive: information_schema decides which. */
  async function everywhere(needle: string): Promise<string[]> {
    const columns = await sql<{ table_name: string; column_name: string }>`
      SELECT c.table_name, c.column_name FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
       WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
         AND c.data_type IN ('text', 'character varying', 'jsonb', 'ARRAY', 'tsvector')`.execute(db())
    const hits: string[] = []
    for (const c of columns.rows) {
      const found = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM ${sql.table(c.table_name)}
         WHERE strpos(lower(${sql.ref(c.column_name)}::text), lower(${needle})) > 0`.execute(db())
      if ((found.rows[0]?.n ?? 0) > 0) hits.push(`${c.table_name}.${c.column_name}`)
    }
    return hits
  }

  /** Every stored live document, as readers would get it and as stored bytes. */
  async function documentsHolding(needle: string): Promise<string[]> {
    const names = await sql<{ name: string }>`
      SELECT name FROM collab_documents UNION SELECT doc_name FROM collab_updates`.execute(db())
    const hits: string[] = []
    const bytes = new TextEncoder().encode(needle)
    for (const { name } of names.rows) {
      const doc = new Y.Doc()
      const stored = await db()
        .selectFrom('collab_documents')
        .select('snapshot')
        .where('name', '=', name)
        .execute()
      const log = await db()
        .selectFrom('collab_updates')
        .select('update')
        .where('doc_name', '=', name)
        .execute()
      const parts = [
        ...stored.map((s) => new Uint8Array(s.snapshot)),
        ...log.map((l) => new Uint8Array(l.update)),
      ]
      // Other tests share this database and store deliberately broken documents (e.g. the collab
      // server's "cannot be loaded" case): those are searched as bytes only.
      let json = ''
      try {
        for (const part of parts) Y.applyUpdate(doc, part)
        json = JSON.stringify([...doc.share.keys()].map((k) => doc.get(k).toJSON()))
      } catch {}
      const raw = parts.some((p) => Buffer.from(p).includes(Buffer.from(bytes)))
      if (json.includes(needle) || raw) hits.push(name)
      doc.destroy()
    }
    return hits
  }

  it('forgets the person everywhere but in invoices and the audit trail', async () => {
    const { coop, mgmt, apartmentId, buildingId } = await managedCooperative(db())
    const tag = crypto.randomUUID().slice(0, 8)
    const name = `Maija Poistettava${tag}`
    const email = `maija.${tag}@example.fi`
    const person = await createUser(db(), { name, email })
    await addMembership(db(), coop.id, person.id, 'owner', { apartmentId, buildingId })
    const token = await signIn(db(), person.id)
    const manager = await member(db(), mgmt.id, 'property_manager')
    const neighbour = await member(db(), coop.id, 'resident')

    // A channel where the person wrote (with their email in the text) and a neighbour named them.
    const thread = await db()
      .insertInto('threads')
      .values({ org_id: coop.id, title: 'Pihapiiri', audience: 'members', created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const threadDoc = docName('thread', coop.id, thread.id)
    await writeStoredDocument(db(), threadDoc, (doc) => {
      postMessage(doc, { authorId: person.id, text: `Saunavuoro vapaana, kysy ${email}` })
      postMessage(doc, { authorId: neighbour.id, text: `Kiitos ${name}!` })
    })
    const ref = parseDocName(threadDoc)
    if (!ref.ok) throw new Error(ref.reason)
    const projected = new Y.Doc()
    for (const u of await db()
      .selectFrom('collab_updates')
      .select('update')
      .where('doc_name', '=', threadDoc)
      .execute())
      Y.applyUpdate(projected, new Uint8Array(u.update))
    await db()
      .transaction()
      .execute((trx) => projectThread(trx, ref.doc, projected))
    // What the indexer would have stored, and an invoice the cooperative must keep.
    await db()
      .insertInto('search_records')
      .values({
        id: `person:${coop.id}:${person.id}`,
        org_id: coop.id,
        type: 'person',
        entity_id: person.id,
        title: name,
        body: email,
        url: `/org/${coop.id}/members`,
        language: 'fi',
        updated_at: new Date(),
        vis_all: true,
        vis_roles: [],
        vis_building: null,
        vis_participants: [],
        vis_internal: false,
      })
      .execute()
    await sql`INSERT INTO finance_invoices (org_id, apartment_id, external_id, kind, period, amount_cents, vat_cents,
                issued_on, due_date, reference, iban, payer_name)
              VALUES (${coop.id}, ${apartmentId}, ${`INV-${tag}`}, 'maintenance', '2026-03-01', 25000, 0,
                '2026-02-20', '2026-03-05', '1232', 'FI2112345600000785', ${name})`.execute(db())
    // The person had edited their message: its history holds the email too (and is append-only
    // for everything but erasure and retention; both failed on it before migration 0045).
    const written = await db()
      .selectFrom('messages')
      .select(['id', 'thread_id'])
      .where('author_id', '=', person.id)
      .executeTakeFirstOrThrow()
    await db()
      .insertInto('message_versions')
      .values({
        org_id: coop.id,
        thread_id: written.thread_id,
        message_id: written.id,
        version: '9:1',
        text: `Saunavuoro vapaana, soita ${email}`,
        edited_by: person.id,
        edited_at: new Date(),
      })
      .execute()
    const search = async () =>
      (await (await client(t.app, manager.token).get(`/api/search?q=${encodeURIComponent(name)}`)).json())
        .results ?? []
    expect((await search()).length).toBeGreaterThan(0)
    expect(await documentsHolding(email)).toEqual([threadDoc])
    expect(await everywhere(email)).toEqual(
      expect.arrayContaining([
        'users.email',
        'messages.text',
        'message_versions.text',
        'search_records.body',
      ]),
    )

    // Asked by the person; nothing happens until the staff confirm.
    const asked = await client(t.app, token).post('/api/gdpr/erasure', { removeMessageText: true })
    expect(asked.status).toBe(201)
    const { request } = await asked.json()
    expect(request.waitingFor).toEqual([coop.id])
    expect((await client(t.app, token).post('/api/gdpr/erasure', {})).status).toBe(409)
    const list = await (
      await client(t.app, manager.token).get(`/api/orgs/${coop.id}/erasure-requests`)
    ).json()
    expect(list.requests.map((r: { id: string }) => r.id)).toEqual([request.id])
    // The neighbour cannot confirm; another company's staff find nothing.
    const confirmPath = `/api/orgs/${coop.id}/erasure-requests/${request.id}/confirm`
    expect((await client(t.app, neighbour.token).post(confirmPath)).status).toBe(403)
    const away = await managedCooperative(db())
    const stranger = await member(db(), away.mgmt.id, 'org_admin')
    expect((await client(t.app, stranger.token).post(confirmPath)).status).toBe(404)
    const forged = `/api/orgs/${away.coop.id}/erasure-requests/${request.id}/confirm`
    expect((await client(t.app, stranger.token).post(forged)).status).toBe(404)
    expect((await client(t.app, stranger.token).get(`/api/orgs/${coop.id}/erasure-requests`)).status).toBe(
      404,
    )

    const confirmed = await client(t.app, manager.token).post(confirmPath)
    expect(confirmed.status).toBe(200)
    expect((await confirmed.json()).status).toBe('erased')
    expect(t.accessChanges).toContainEqual({ kind: 'user', userId: person.id })

    const allowed = (hits: string[]) => hits.filter((h) => !KEPT_TABLES.some((k) => h.startsWith(`${k}.`)))
    expect(allowed(await everywhere(email))).toEqual([])
    expect(allowed(await everywhere(name))).toEqual([])
    expect(await everywhere(name)).toContain('finance_invoices.payer_name')
    expect(await documentsHolding(email)).toEqual([])
    expect(await documentsHolding(name)).toEqual([])
    expect(await search()).toEqual([])
    // The thread keeps its shape: two messages, the person's without text, the neighbour's kept.
    const after = new Y.Doc()
    const snap = await db()
      .selectFrom('collab_documents')
      .select('snapshot')
      .where('name', '=', threadDoc)
      .execute()
    for (const s of snap) Y.applyUpdate(after, new Uint8Array(s.snapshot))
    const messages = readMessages(after)
    expect(messages.map((m) => [m.authorId, m.deleted, m.text === ''])).toEqual([
      [person.id, true, true],
      [neighbour.id, false, false],
    ])
    expect(messages[1]!.text).toBe('Kiitos Former resident!')
    const row = await db()
      .selectFrom('users')
      .select(['name', 'email', 'password_hash', 'erased_at'])
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ name: 'Former resident', password_hash: null })
    expect(row.erased_at).not.toBeNull()
    // Signed out everywhere.
    expect((await client(t.app, token).get('/api/me')).status).toBe(401)
  })

  it('someone who belongs nowhere is erased at once; a request can be withdrawn while it waits', async () => {
    const loner = await createUser(db())
    const res = await client(t.app, await signIn(db(), loner.id)).post('/api/gdpr/erasure', {})
    expect((await res.json()).request.status).toBe('erased')
    const { coop } = await managedCooperative(db())
    const owner = await member(db(), coop.id, 'owner')
    await client(t.app, owner.token).post('/api/gdpr/erasure', {})
    expect(
      (await (await client(t.app, owner.token).get('/api/gdpr/erasure')).json()).request.waitingFor,
    ).toEqual([coop.id])
    expect((await client(t.app, owner.token).delete('/api/gdpr/erasure')).status).toBe(200)
    expect((await (await client(t.app, owner.token).get('/api/gdpr/erasure')).json()).request).toBeNull()
    expect((await client(t.app).post('/api/gdpr/erasure', {})).status).toBe(401)
  })
})
