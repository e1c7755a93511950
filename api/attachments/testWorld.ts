import sharp from 'sharp'
import { expect } from 'vitest'
import { addCard, readBoard, updateCard } from '../../schema/docs/board.ts'
import { parseDocName } from '../../schema/docs/names.ts'
import type { Engine } from '../../server/db/connect.ts'
import { writeStoredDocument } from '../../server/docstore/docWriter.ts'
import { projectBoard } from '../../server/projections/board.ts'
import {
  addMembership,
  assignContractor,
  createOrg,
  createUser,
  managedCooperative,
  member,
  signIn,
} from '../../server/test/factories.ts'
import { useFilesApp } from '../test/filesApp.ts'
import { client } from '../test/http.ts'

/** The upload limit of the attachment tests: small, so an oversize upload is cheap to send. */
export const LIMIT = 256 * 1024

export const png = (w = 640, h = 480) =>
  sharp({ create: { width: w, height: h, channels: 3, background: '#3a7' } })
    .png()
    .toBuffer()
export const jpeg = () =>
  sharp({ create: { width: 1200, height: 800, channels: 3, background: '#a53' } })
    .jpeg()
    .toBuffer()

/**
 * The attachment tests' API for one describe block (a files directory of its own and the small
 * limit, so the disk can be inspected after a refusal) and their world: a reported case in a
 * managed cooperative with everyone who may or may not read its files, and a board with a
 * delegated and an undelegated card.
 */
export function useAttachmentsApp(engine: Engine) {
  const suite = useFilesApp(engine, 'attachments', { maxUploadBytes: LIMIT })
  const db = () => suite.db()

  const upload = (token: string, path: string, body: BodyInit, name: string) =>
    suite.upload(token, `/api/attachments/${path}?name=${encodeURIComponent(name)}`, body)
  const get = (token: string, path: string) => client(suite.app, token).get(`/api/attachments/${path}`)

  async function world() {
    const home = await managedCooperative(db())
    const away = await managedCooperative(db())
    const reporter = await createUser(db())
    await addMembership(db(), home.coop.id, reporter.id, 'resident', {
      buildingId: home.buildingId,
      apartmentId: home.apartmentId,
    })
    const neighbour = await createUser(db())
    await addMembership(db(), home.coop.id, neighbour.id, 'resident', { buildingId: home.buildingId })
    const partner = await createOrg(db(), { kind: 'partner_company' })
    const otherPartner = await createOrg(db(), { kind: 'partner_company' })
    const people = {
      reporter: { ...reporter, token: await signIn(db(), reporter.id) },
      neighbour: { ...neighbour, token: await signIn(db(), neighbour.id) },
      manager: await member(db(), home.mgmt.id, 'property_manager'),
      board: await member(db(), home.coop.id, 'board_member'),
      auditor: await member(db(), home.coop.id, 'auditor'),
      stranger: await member(db(), away.coop.id, 'resident'),
      strangerManager: await member(db(), away.mgmt.id, 'property_manager'),
      contractor: await member(db(), partner.id, 'contractor'),
      otherContractor: await member(db(), otherPartner.id, 'contractor'),
    }
    const res = await client(suite.app, people.reporter.token).post('/api/cases', {
      org: home.coop.id,
      title: 'Vuotava hana',
      description: 'Hana tippuu.',
      category: 'water_damage',
    })
    expect(res.status).toBe(201)
    const created = (await res.json()) as { id: string; documents: { thread: string } }
    await assignContractor(db(), created.id, people.contractor.id, partner.id)
    const idOf = (name: string) => {
      const ref = parseDocName(name)
      if (!ref.ok || ref.doc.kind === 'inbox') throw new Error(`bad document ${name}`)
      return ref.doc.id
    }
    const notes = await db()
      .selectFrom('threads')
      .select('id')
      .where('case_id', '=', created.id)
      .where('layer', '=', 'internal')
      .executeTakeFirstOrThrow()
    return {
      home,
      people,
      partner,
      caseId: created.id,
      threadId: idOf(created.documents.thread),
      notesId: notes.id,
    }
  }

  async function boardWorld(w: Awaited<ReturnType<typeof world>>) {
    const res = await client(suite.app, w.people.board.token).post('/api/boards', {
      org: w.home.coop.id,
      title: 'Renovation 2027',
      columns: ['Todo'],
    })
    expect(res.status).toBe(201)
    const board = (await res.json()).board as { id: string; document: string }
    const { result } = await writeStoredDocument(db(), board.document, (doc) => {
      const todo = readBoard(doc).columns[0]!.id
      const delegated = addCard(doc, { title: 'Riser pipes', columnId: todo, createdBy: w.people.board.id })
      updateCard(doc, delegated.id, { delegatedOrgId: w.partner.id })
      const secret = addCard(doc, { title: 'Confidential', columnId: todo, createdBy: w.people.board.id })
      return { delegated: delegated.id, secret: secret.id, doc }
    })
    const ref = parseDocName(board.document)
    if (!ref.ok) throw new Error(ref.reason)
    await db()
      .transaction()
      .execute((trx) => projectBoard(trx, ref.doc, result.doc))
    return { boardId: board.id, delegated: result.delegated, secret: result.secret }
  }

  const idOf = async (res: Response) => {
    expect(res.status).toBe(201)
    return ((await res.json()) as { attachment: { id: string } }).attachment.id
  }

  return { suite, db, upload, get, world, boardWorld, idOf }
}

export type AttachmentsWorld = Awaited<ReturnType<ReturnType<typeof useAttachmentsApp>['world']>>
