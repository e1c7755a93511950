import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import {
  addMembership,
  createBuilding,
  createUser,
  managedCooperative,
  member,
  signIn,
} from '../../server/test/factories.ts'
import { reportedCase, useFilesApp } from '../test/filesApp.ts'
import { ENGINES } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { startExportWorker } from './export/worker.ts'

/**
 * The export (issue 18): asked for by the person, prepared by the outbox worker, and the zip
 * checked against the data: their profile, the case they reported, the message they wrote and
 * its earlier text, the file they attached as the same bytes; nobody else's message, and no
 * password hash. Then who may download it: the owner signed in, or the mailed link, for 24 hours.
 */
describe.each(ENGINES)('GDPR export on %s', (engine) => {
  const suite = useFilesApp(engine, 'gdpr-export')
  const db = () => suite.db()
  const worker = () =>
    startExportWorker(
      { db: db(), mailer: suite.t.deps.mailer, filesDir: suite.filesDir, publicUrl: 'http://localhost:3000' },
      { autoStart: false },
    )
  const decoder = new TextDecoder()

  async function preparedExport() {
    const tag = crypto.randomUUID().slice(0, 8)
    const { org, reporter, caseId } = await reportedCase(db(), suite.app, {
      title: `Vuotava hana ${tag}`,
      description: 'Keittiön hana tippuu',
      category: 'water_damage',
    })
    const fileText = `Kuitti ${tag}`
    const uploaded = await suite.upload(
      reporter.token,
      `/api/attachments/${org}/of/case/${caseId}?name=kuitti.txt`,
      new Blob([fileText]),
    )
    expect(uploaded.status).toBe(201)
    // A message of theirs with an earlier text, and a neighbour's message in the same thread.
    const neighbour = await createUser(db())
    await addMembership(db(), org, neighbour.id, 'resident')
    const thread = await db()
      .insertInto('threads')
      .values({ org_id: org, title: 'Piha', audience: 'members', created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const at = new Date()
    await db()
      .insertInto('messages')
      .values([
        {
          org_id: org,
          thread_id: thread.id,
          id: `m-${tag}-1`,
          author_id: reporter.id,
          text: `Minun viestini ${tag}`,
          created_at: at,
          seq: 1,
        },
        {
          org_id: org,
          thread_id: thread.id,
          id: `m-${tag}-2`,
          author_id: neighbour.id,
          text: `Naapurin viesti ${tag}`,
          created_at: at,
          seq: 2,
        },
      ])
      .execute()
    await db()
      .insertInto('message_versions')
      .values({
        org_id: org,
        thread_id: thread.id,
        message_id: `m-${tag}-1`,
        version: '1:1',
        text: `Alkuperäinen ${tag}`,
        edited_by: reporter.id,
        edited_at: at,
      })
      .execute()

    // They also own an apartment of another cooperative: its invoice is theirs to see, the
    // neighbouring apartment's is not.
    const owned = await managedCooperative(db())
    await addMembership(db(), owned.coop.id, reporter.id, 'owner', { apartmentId: owned.apartmentId })
    const nextDoor = await createBuilding(db(), owned.coop.id, 'B')
    const invoice = (apartmentId: string, externalId: string, reference: string) => ({
      org_id: owned.coop.id,
      apartment_id: apartmentId,
      external_id: externalId,
      kind: 'maintenance' as const,
      period: '2026-03-01',
      amount_cents: 25_000,
      issued_on: '2026-02-20',
      due_date: '2026-03-05',
      reference,
      iban: 'FI2112345600000785',
    })
    await db()
      .insertInto('finance_invoices')
      .values([
        invoice(owned.apartmentId, `INV-MINE-${tag}`, '1232'),
        invoice(nextDoor.apartmentId, `INV-NEXT-${tag}`, '1245'),
      ])
      .execute()

    const asked = await client(suite.app, reporter.token).post('/api/gdpr/exports')
    expect(asked.status).toBe(201)
    const { export: created } = (await asked.json()) as { export: { id: string; status: string } }
    expect(created.status).toBe('queued')
    expect(await worker().runOnce()).toBeGreaterThanOrEqual(1)
    const mail = await db()
      .selectFrom('mail_outbox')
      .select(['body', 'subject'])
      .where('to_address', '=', reporter.email)
      .where('kind', '=', 'gdpr_export')
      .executeTakeFirstOrThrow()
    const link = /http:\/\/localhost:3000(\/api\/gdpr\/exports\/[^\s]+)/.exec(mail.body)?.[1]
    if (!link) throw new Error(`no link in ${mail.body}`)
    return { tag, org, reporter, caseId, neighbour, exportId: created.id, link, fileText }
  }

  it('is prepared in the background, mailed, and holds exactly their data', async () => {
    const w = await preparedExport()
    const list = await client(suite.app, w.reporter.token).get('/api/gdpr/exports')
    const { exports } = (await list.json()) as {
      exports: Array<{ id: string; status: string; progress: number; expiresAt: string }>
    }
    expect(exports[0]).toMatchObject({ id: w.exportId, status: 'ready', progress: 100 })
    const hours = (Date.parse(exports[0]?.expiresAt ?? '') - Date.now()) / 3_600_000
    expect(hours).toBeGreaterThan(23.9)
    expect(hours).toBeLessThanOrEqual(24)

    // The mailed link works without a session.
    const res = await suite.app.request(`http://localhost:3000${w.link}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/zip')
    const zip = unzipSync(new Uint8Array(await res.arrayBuffer()))
    const json = (name: string) =>
      JSON.parse(decoder.decode(zip[`data/${name}.json`])) as Array<Record<string, unknown>>

    expect(json('profile')).toEqual([expect.objectContaining({ id: w.reporter.id, email: w.reporter.email })])
    expect(json('cases.reporter_id').map((c) => c.id)).toEqual([w.caseId])
    expect(json('messages.author_id').map((m) => m.text)).toEqual([`Minun viestini ${w.tag}`])
    expect(json('message_versions.of_my_messages').map((v) => v.text)).toEqual([`Alkuperäinen ${w.tag}`])
    expect(json('memberships.user_id')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ org_id: w.org, role: 'resident' }),
        expect.objectContaining({ role: 'owner' }),
      ]),
    )
    expect(json('finance_invoices.of_my_apartments').map((i) => i.external_id)).toEqual([`INV-MINE-${w.tag}`])
    expect(json('audit_log.actor_id').map((a) => a.action)).toContain('gdpr.export_requested')
    expect(decoder.decode(zip['data/messages.author_id.csv'])).toContain(`Minun viestini ${w.tag}`)
    const files = Object.keys(zip).filter((k) => k.startsWith('files/'))
    expect(files).toHaveLength(1)
    expect(files[0]).toMatch(/kuitti\.txt$/)
    expect(decoder.decode(zip[files[0] ?? ''])).toBe(w.fileText)

    // Nothing of anybody else's, and no secret.
    const everything = Object.values(zip)
      .map((b) => decoder.decode(b))
      .join('\n')
    expect(everything).not.toContain(`Naapurin viesti ${w.tag}`)
    expect(everything).not.toContain(w.neighbour.email)
    expect(everything).not.toContain(`INV-NEXT-${w.tag}`)
    expect(everything).not.toMatch(/password_hash|token_hash|\$argon2/)

    const audited = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', w.reporter.id)
      .where('action', 'like', 'gdpr.export%')
      .execute()
    expect(audited.map((a) => a.action).sort()).toEqual([
      'gdpr.export_downloaded',
      'gdpr.export_ready',
      'gdpr.export_requested',
    ])
  })

  it('is downloaded only by its owner or the link, for 24 hours', async () => {
    const w = await preparedExport()
    const path = `/api/gdpr/exports/${w.exportId}/download`
    // The owner, signed in, without the link.
    expect((await client(suite.app, w.reporter.token).get(path)).status).toBe(200)
    // Another organisation's user, and a manager of the person's own cooperative: not found.
    const elsewhere = await managedCooperative(db())
    const stranger = await member(db(), elsewhere.coop.id, 'org_admin')
    const manager = await member(db(), w.org, 'org_admin')
    for (const who of [stranger, manager]) {
      const res = await client(suite.app, who.token).get(path)
      expect(res.status).toBe(404)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found')
      const list = (await (await client(suite.app, who.token).get('/api/gdpr/exports')).json()) as {
        exports: unknown[]
      }
      expect(list.exports).toEqual([])
    }
    // A wrong secret, no session and no secret, and malformed input.
    const wrong = await suite.app.request(`http://localhost:3000${path}?token=${'x'.repeat(43)}`)
    expect(wrong.status).toBe(404)
    expect((await suite.app.request(`http://localhost:3000${path}`)).status).toBe(401)
    expect(
      (await client(suite.app, w.reporter.token).get('/api/gdpr/exports/not-a-uuid/download')).status,
    ).toBe(422)
    expect((await client(suite.app, w.reporter.token).get(`${path}?token=short`)).status).toBe(422)
    expect(
      (await client(suite.app, w.reporter.token).get(`${path}?token=${'x'.repeat(43)}&extra=1`)).status,
    ).toBe(422)
    // After 24 hours the link is gone, even for its owner.
    await db()
      .updateTable('gdpr_exports')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', w.exportId)
      .execute()
    expect((await suite.app.request(`http://localhost:3000${w.link}`)).status).toBe(410)
    expect((await client(suite.app, w.reporter.token).get(path)).status).toBe(410)
  })

  it('takes one request at a time', async () => {
    const user = await createUser(db())
    const token = await signIn(db(), user.id)
    expect((await client(suite.app, token).post('/api/gdpr/exports')).status).toBe(201)
    const again = await client(suite.app, token).post('/api/gdpr/exports')
    expect(again.status).toBe(409)
    expect((await client(suite.app).post('/api/gdpr/exports')).status).toBe(401)
    // Someone without any organisation gets an export too (their profile).
    await worker().runOnce()
    const { exports } = (await (await client(suite.app, token).get('/api/gdpr/exports')).json()) as {
      exports: Array<{ status: string }>
    }
    expect(exports[0]?.status).toBe('ready')
  })
})
