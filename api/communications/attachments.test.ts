import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { beforeAll, describe, expect, it } from 'vitest'
import type { AttachmentJson } from '../../schema/api/attachments.ts'
import type { InboxMessage } from '../../schema/communications/api.ts'
import { createSmsSender } from '../../server/communications/sms.ts'
import { createCommunicationsWorker } from '../../server/communications/worker.ts'
import { createLogger } from '../../server/log.ts'
import { agm } from '../events/testEvents.ts'
import { useFilesApp } from '../test/filesApp.ts'
import { ENGINES } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { countingApp } from '../test/statements.ts'
import { type CommsWorld, commsWorld, setPrefs } from './testWorld.ts'

/**
 * Issue 16: files on mass communications (the AGM notice) and events, through the one attachments
 * route. Only a send's recipients and its organisation's senders open its files; a draft's files
 * are its senders' only; the email names them with a link; the letter batch prints the PDF after
 * each letter; a message's files are few and small together.
 */
const MB = 1024 * 1024

async function noticePdf(title: string): Promise<Blob> {
  const doc = await PDFDocument.create()
  const font = await doc.embedFont(StandardFonts.Helvetica)
  for (const n of [1, 2]) doc.addPage().drawText(`${title} ${n}/2`, { x: 60, y: 760, size: 20, font })
  return new Blob([new Uint8Array(await doc.save())], { type: 'application/pdf' })
}

describe.each(ENGINES)('communication and event attachments on %s', (engine) => {
  const suite = useFilesApp(engine, 'comms-files', {
    maxUploadBytes: 2 * MB,
    communicationAttachmentBytes: MB,
  })
  let w: CommsWorld
  beforeAll(async () => {
    w = await commsWorld(suite.db())
  })
  const api = (token: string) => client(suite.app, token)
  const upload = (
    token: string,
    orgId: string,
    kind: string,
    ownerId: string,
    body: BodyInit,
    name: string,
  ) =>
    suite.upload(
      token,
      `/api/attachments/${orgId}/of/${kind}/${ownerId}?name=${encodeURIComponent(name)}`,
      body,
    )
  const deliver = () =>
    createCommunicationsWorker({
      db: suite.db(),
      mailer: suite.t.deps.mailer,
      sms: createSmsSender(undefined),
      filesDir: suite.filesDir,
      publicUrl: 'http://localhost:3000',
      log: createLogger('silent'),
      signal: async () => {},
      pollMs: 0,
    }).runOnce()
  const status = async (token: string, path: string) => (await api(token).get(path)).status

  it('the AGM notice: attached while composing, sent to the owners of B, opened by them and staff only', async () => {
    const draftId = crypto.randomUUID()
    const pdf = await noticePdf('Kokouskutsu')
    const res = await upload(w.manager.token, w.coop.id, 'communication', draftId, pdf, 'kokouskutsu.pdf')
    expect(res.status).toBe(201)
    const notice = ((await res.json()) as { attachment: AttachmentJson }).attachment
    const draft = `/api/attachments/${w.coop.id}/of/communication/${draftId}`
    const file = `/api/attachments/${w.coop.id}/${notice.id}/download`
    // The draft is its organisation's senders' only: the board sees it, a resident, an owner,
    // the accountant and another cooperative's board get nothing (404), nor can they add to it.
    expect(await status(w.board.token, draft)).toBe(200)
    for (const who of [w.ownerB, w.residentB, w.accountant, w.otherBoard, w.stranger]) {
      expect(await status(who.token, draft)).toBe(404)
      expect(await status(who.token, file)).toBe(404)
    }
    expect((await upload(w.otherBoard.token, w.coop.id, 'communication', draftId, 'x', 'x.txt')).status).toBe(
      404,
    )

    await setPrefs(suite.db(), w.ownerB.id, { email: true, letter: true })
    const sent = await api(w.manager.token).post(`/api/communications/${w.coop.id}/sends`, {
      subject: 'Kutsu yhtiökokoukseen',
      body: 'Tervetuloa yhtiökokoukseen. Kokouskutsu on liitteenä.',
      audience: { segments: [{ roles: ['owner'], buildingIds: [w.B.buildingId] }] },
      draftId,
    })
    expect(sent.status).toBe(201)
    expect(((await sent.json()) as { id: string }).id).toBe(draftId)
    // Not the recipient's before it has gone out.
    expect(await status(w.ownerB.token, file)).toBe(404)
    await deliver()

    // The recipient: in my messages with its file, which downloads as the bytes uploaded.
    const mine = (await (await api(w.ownerB.token).get('/api/communications/mine')).json()) as {
      messages: InboxMessage[]
    }
    const message = mine.messages.find((m) => m.communicationId === draftId)
    expect(message?.attachments).toEqual([
      { id: notice.id, name: 'kokouskutsu.pdf', mime: 'application/pdf', size: pdf.size },
    ])
    // Issue 19: the messages and their files in one statement.
    const counted = await countingApp(suite.t).get<{ messages: InboxMessage[] }>(
      w.ownerB.token,
      '/api/communications/mine',
    )
    expect(counted.body).toEqual(mine)
    expect(counted.statements).toBe(1)
    const download = await api(w.ownerB.token).get(file)
    expect(download.status).toBe(200)
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(await pdf.arrayBuffer()))).toBe(true)
    expect(await status(w.ownerB.token, `/api/attachments/${w.coop.id}/of/communication/${draftId}`)).toBe(
      200,
    )
    // The organisation's senders too; nobody else: an owner in A (same cooperative, not a
    // recipient), a resident of B, the accountant, another cooperative's people, a stranger.
    expect(await status(w.board.token, file)).toBe(200)
    for (const who of [w.ownerA, w.residentB, w.accountant, w.otherBoard, w.otherOwner, w.stranger]) {
      expect(await status(who.token, file)).toBe(404)
      expect(await status(who.token, draft)).toBe(404)
    }
    // Through another organisation's path it is nothing at all.
    expect(await status(w.ownerB.token, `/api/attachments/${w.other.id}/${notice.id}/download`)).toBe(404)

    // Sent: its files are fixed, and the draft cannot be sent twice.
    const late = await upload(w.manager.token, w.coop.id, 'communication', draftId, 'x', 'x.txt')
    expect(late.status).toBe(403)
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe('forbidden')
    expect((await api(w.manager.token).delete(`/api/attachments/${w.coop.id}/${notice.id}`)).status).toBe(403)
    const again = await api(w.manager.token).post(`/api/communications/${w.coop.id}/sends`, {
      subject: 'Kutsu',
      body: 'Uudelleen',
      audience: { segments: [{ roles: ['owner'] }] },
      draftId,
    })
    expect(again.status).toBe(409)

    // The email names the file and links to the portal; it does not carry it.
    const mail = await suite
      .db()
      .selectFrom('mail_outbox')
      .select('body')
      .where('to_address', '=', w.ownerB.email)
      .where('subject', 'like', '%Kutsu yhtiökokoukseen%')
      .executeTakeFirstOrThrow()
    expect(mail.body).toContain('Liitteet (ladattavissa Kotipihassa, kun olet kirjautunut):')
    expect(mail.body).toContain('- kokouskutsu.pdf (')
    expect(mail.body).toContain('http://localhost:3000/messages')

    // The printed letter: the letter, then the notice's two pages.
    const letters = await api(w.manager.token).get(
      `/api/communications/${w.coop.id}/sends/${draftId}/letters.pdf`,
    )
    expect(letters.status).toBe(200)
    const dir = mkdtempSync(join(tmpdir(), 'comms-letters-'))
    const path = join(dir, 'letters.pdf')
    writeFileSync(path, Buffer.from(await letters.arrayBuffer()))
    expect(execFileSync('pdfinfo', [path]).toString()).toMatch(/Pages:\s+3\n/)
    const page = (n: number) => execFileSync('pdftotext', ['-f', `${n}`, '-l', `${n}`, path, '-']).toString()
    expect(page(1)).toContain('kokouskutsu.pdf (tämän kirjeen perässä, 2 sivua)')
    expect(page(2)).toContain('Kokouskutsu 1/2')
    expect(page(3)).toContain('Kokouskutsu 2/2')
  })

  it('refuses files over the message limits with a clear error, and stores nothing for them', async () => {
    const draftId = crypto.randomUUID()
    const text = (bytes: number) => new Blob([new Uint8Array(Math.round(bytes)).fill(0x61)])
    const put = (body: BodyInit, name: string) =>
      upload(w.manager.token, w.coop.id, 'communication', draftId, body, name)
    expect((await put(text(0.7 * MB), 'liite.txt')).status).toBe(201)
    // 0.7 MB + 0.4 MB is over the 1 MB a message may carry together (each file may be 2 MB).
    const over = await put(text(0.4 * MB), 'toinen.txt')
    expect(over.status).toBe(413)
    const body = (await over.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('payload_too_large')
    expect(body.error.message).toMatch(/at most 1 MB together.*0\.7 MB are attached already/)
    // More than 5 files: 422, before a byte is stored.
    for (const n of [1, 2, 3, 4]) expect((await put('pieni', `pieni-${n}.txt`)).status).toBe(201)
    const sixth = await put('pieni', 'kuudes.txt')
    expect(sixth.status).toBe(422)
    expect(((await sixth.json()) as { error: { message: string } }).error.message).toMatch(/At most 5 files/)
    const list = (await (
      await api(w.manager.token).get(`/api/attachments/${w.coop.id}/of/communication/${draftId}`)
    ).json()) as { attachments: AttachmentJson[]; limits: { maxFiles: number; maxTotalBytes: number } }
    expect(list.attachments.map((a) => a.name)).toEqual([
      'liite.txt',
      'pieni-1.txt',
      'pieni-2.txt',
      'pieni-3.txt',
      'pieni-4.txt',
    ])
    expect(list.limits).toEqual({ maxFiles: 5, maxTotalBytes: MB })
  })

  it("an event's notice and minutes: organisers attach them, invitees open them, nobody else", async () => {
    const created = await api(w.manager.token).post(
      `/api/events/org/${w.coop.id}`,
      agm([{ roles: ['owner'], buildingIds: [w.B.buildingId] }]),
    )
    expect(created.status).toBe(201)
    const eventId = ((await created.json()) as { id: string }).id
    const owner = `/api/attachments/${w.coop.id}/of/event/${eventId}`
    const res = await upload(
      w.board.token,
      w.coop.id,
      'event',
      eventId,
      await noticePdf('Kutsu'),
      'kutsu.pdf',
    )
    expect(res.status).toBe(201)
    const { id } = ((await res.json()) as { attachment: AttachmentJson }).attachment
    const file = `/api/attachments/${w.coop.id}/${id}/download`
    // The invitee opens it, and may not add to it (403).
    expect(await status(w.ownerB.token, owner)).toBe(200)
    expect(await status(w.ownerB.token, file)).toBe(200)
    expect((await upload(w.ownerB.token, w.coop.id, 'event', eventId, 'x', 'x.txt')).status).toBe(403)
    // Not invited (owner in A), another cooperative, a stranger: 404 for the list, file and upload.
    for (const who of [w.ownerA, w.otherBoard, w.otherOwner, w.stranger]) {
      expect(await status(who.token, owner)).toBe(404)
      expect(await status(who.token, file)).toBe(404)
      expect((await upload(who.token, w.coop.id, 'event', eventId, 'x', 'x.txt')).status).toBe(404)
    }
    // The minutes later, by the manager; an organiser removes a file, an invitee may not.
    expect(
      (await upload(w.manager.token, w.coop.id, 'event', eventId, 'Pöytäkirja', 'poytakirja.txt')).status,
    ).toBe(201)
    expect((await api(w.ownerB.token).delete(`/api/attachments/${w.coop.id}/${id}`)).status).toBe(403)
    expect((await api(w.manager.token).delete(`/api/attachments/${w.coop.id}/${id}`)).status).toBe(200)
  })
})
