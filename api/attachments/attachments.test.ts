import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addCard, readBoard, updateCard } from '../../schema/docs/board.ts'
import { docName, parseDocName } from '../../schema/docs/names.ts'
import { deleteMessage, hideMessage, postMessage } from '../../schema/docs/thread.ts'
import { compactDocument } from '../../server/docstore/documents.ts'
import { writeStoredDocument } from '../../server/docstore/docWriter.ts'
import { blobPath } from '../../server/files/storage.ts'
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
import { ENGINES } from '../test/harness.ts'
import { client } from '../test/http.ts'

/**
 * Attachments on cases, thread messages and board cards through the one files service: type by
 * content (never by name), the size limit mid-stream with nothing left on disk, safe serving
 * (attachment + nosniff; SVG never inline), thumbnails, and the visibility matrix: every file
 * inherits who may read its owner, and everyone else gets 404 from every route.
 */
const LIMIT = 256 * 1024

describe.each(ENGINES)('attachments on %s', (engine) => {
  // Its own files directory and a small limit, so the disk can be inspected after a refusal.
  const suite = useFilesApp(engine, 'attachments', { maxUploadBytes: LIMIT })
  const db = () => suite.db()

  const upload = (token: string, path: string, body: BodyInit, name: string) =>
    suite.upload(token, `/api/attachments/${path}?name=${encodeURIComponent(name)}`, body)
  const get = (token: string, path: string) => client(suite.app, token).get(`/api/attachments/${path}`)

  const png = (w = 640, h = 480) =>
    sharp({ create: { width: w, height: h, channels: 3, background: '#3a7' } })
      .png()
      .toBuffer()
  const jpeg = () =>
    sharp({ create: { width: 1200, height: 800, channels: 3, background: '#a53' } })
      .jpeg()
      .toBuffer()

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

  it('refuses a file whose bytes are not an allowed type, whatever its name', async () => {
    const w = await world()
    const path = `${w.home.coop.id}/of/case/${w.caseId}`
    const exe = new Uint8Array(4096)
    exe.set([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04])
    exe.set(new TextEncoder().encode('PE\0\0'), 0x80)
    exe.set([0x80, 0, 0, 0], 0x3c)
    const disguised: Array<[string, Uint8Array]> = [
      ['exe renamed .jpg', exe],
      ['HTML renamed .jpg', new TextEncoder().encode('<!doctype html><script>alert(1)</script>')],
      [
        'SVG with a script renamed .png',
        new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      ],
      [
        'ZIP renamed .pdf',
        new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0, 0, ...new Array(40).fill(0)]),
      ],
    ]
    for (const [label, bytes] of disguised) {
      const res = await upload(
        w.people.reporter.token,
        path,
        new Blob([bytes as Uint8Array<ArrayBuffer>]),
        `${label}.jpg`,
      )
      expect(res.status, label).toBe(415)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type')
    }
    const list = await (await get(w.people.reporter.token, path)).json()
    expect(list.attachments).toEqual([])
  })

  it('refuses an oversize upload mid-stream and leaves no partial file on disk', async () => {
    const w = await world()
    const before = await blobCount()
    let sent = 0
    const chunk = new Uint8Array(32 * 1024).fill(0x41)
    // A body far over the limit, produced lazily: the refusal must come before it is all sent.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= LIMIT * 8) return controller.close()
        sent += chunk.byteLength
        controller.enqueue(chunk)
      },
    })
    const res = await upload(
      w.people.reporter.token,
      `${w.home.coop.id}/of/case/${w.caseId}`,
      body,
      'big.txt',
    )
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large')
    expect(sent).toBeLessThan(LIMIT * 8)
    expect(await readdir(join(suite.filesDir, 'tmp'))).toEqual([])
    expect(await blobCount()).toBe(before)
    const rows = await db().selectFrom('attachments').select('id').where('owner_id', '=', w.caseId).execute()
    expect(rows).toEqual([])
  })

  async function blobCount(): Promise<number> {
    const entries = await readdir(suite.filesDir, { recursive: true, withFileTypes: true }).catch(() => [])
    return entries.filter((e) => e.isFile() && /^[0-9a-f]{64}$/.test(e.name)).length
  }

  it('serves every file as an attachment with nosniff; SVG never inline, even if one was stored', async () => {
    const w = await world()
    const token = w.people.reporter.token
    const id = await idOf(
      await upload(token, `${w.home.coop.id}/of/case/${w.caseId}`, new Blob([await png()]), 'leak.png'),
    )
    const plain = await get(token, `${w.home.coop.id}/${id}/download`)
    expect(plain.status).toBe(200)
    expect(plain.headers.get('content-disposition')).toMatch(/^attachment; filename="leak.png"/)
    expect(plain.headers.get('x-content-type-options')).toBe('nosniff')
    const inline = await get(token, `${w.home.coop.id}/${id}/download?inline=1`)
    expect(inline.headers.get('content-disposition')).toMatch(/^inline;/)
    expect(inline.headers.get('content-type')).toBe('image/png')

    // Defence in depth: an SVG with a script that got into storage (an older import, a bug) is
    // still never rendered in our origin.
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
    )
    const sha = 'f'.repeat(64)
    await mkdir(join(suite.filesDir, 'ff', 'ff'), { recursive: true })
    await writeFile(blobPath(suite.filesDir, sha), svg)
    const file = await db()
      .insertInto('files')
      .values({
        org_id: w.home.coop.id,
        sha256: sha,
        size: svg.byteLength,
        mime: 'image/svg+xml',
        name: 'evil.svg',
        uploaded_by: w.people.reporter.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const row = await db()
      .insertInto('attachments')
      .values({
        org_id: w.home.coop.id,
        owner_kind: 'case',
        owner_id: w.caseId,
        board_id: null,
        file_id: file.id,
        thumb_sha256: null,
        uploaded_by: w.people.reporter.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const query of ['', '?inline=1']) {
      const res = await get(token, `${w.home.coop.id}/${row.id}/download${query}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="evil.svg"/)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('content-security-policy')).toMatch(/sandbox/)
    }
  })

  it('makes a WebP thumbnail of a JPEG and a PNG, at most 320 px, and none for a PDF or text', async () => {
    const w = await world()
    const token = w.people.reporter.token
    const path = `${w.home.coop.id}/of/case/${w.caseId}`
    for (const [name, bytes, width, height] of [
      ['photo.jpg', await jpeg(), 320, 213],
      ['drawing.png', await png(), 320, 240],
      ['tiny.png', await png(40, 30), 40, 30],
    ] as const) {
      const id = await idOf(await upload(token, path, new Blob([bytes]), name))
      const res = await get(token, `${w.home.coop.id}/${id}/thumbnail`)
      expect(res.status, name).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/webp')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata()
      expect([meta.format, meta.width, meta.height], name).toEqual(['webp', width, height])
    }
    const text = await idOf(await upload(token, path, new Blob(['Vesi tippuu kattoon.']), 'note.txt'))
    expect((await get(token, `${w.home.coop.id}/${text}/thumbnail`)).status).toBe(404)
    const list = (await (await get(token, path)).json()) as {
      attachments: Array<{ name: string; hasThumbnail: boolean; mime: string }>
    }
    expect(list.attachments.map((a) => [a.name, a.mime, a.hasThumbnail])).toEqual([
      ['photo.jpg', 'image/jpeg', true],
      ['drawing.png', 'image/png', true],
      ['tiny.png', 'image/png', true],
      ['note.txt', 'text/plain', false],
    ])
  })

  type Who = keyof Awaited<ReturnType<typeof world>>['people']
  /** Every route that reveals an attachment, as `who`: all 200, or all 404 with only an error. */
  async function expectReach(
    w: Awaited<ReturnType<typeof world>>,
    who: Who,
    listPath: string,
    id: string,
    bytes: Buffer,
    reaches: boolean,
  ) {
    const token = w.people[who].token
    const org = w.home.coop.id
    const list = await get(token, `${org}/${listPath}`)
    // Written out in full so the isolation coverage check (api/orgs) sees these paths.
    const download = await client(suite.app, token).get(`/api/attachments/${org}/${id}/download`)
    const thumb = await client(suite.app, token).get(`/api/attachments/${org}/${id}/thumbnail`)
    if (reaches) {
      expect([list.status, download.status, thumb.status], who).toEqual([200, 200, 200])
      expect(
        ((await list.json()) as { attachments: Array<{ id: string }> }).attachments.map((a) => a.id),
      ).toContain(id)
      expect(Buffer.from(await download.arrayBuffer()).equals(bytes), who).toBe(true)
    } else {
      expect([list.status, download.status, thumb.status], who).toEqual([404, 404, 404])
      for (const res of [list, download, thumb]) expect(Object.keys(await res.json())).toEqual(['error'])
      expect((await client(suite.app, token).delete(`/api/attachments/${org}/${id}`)).status, who).toBe(404)
    }
  }

  it('case attachments: the reporter, staff, the board, the assignee and the auditor read them; nobody else', async () => {
    const w = await world()
    const bytes = await png()
    const id = await idOf(
      await upload(
        w.people.reporter.token,
        `${w.home.coop.id}/of/case/${w.caseId}`,
        new Blob([bytes]),
        'leak.png',
      ),
    )
    const matrix: Array<[Who, boolean]> = [
      ['reporter', true],
      ['manager', true],
      ['board', true],
      ['contractor', true],
      ['auditor', true],
      ['neighbour', false],
      ['stranger', false],
      ['strangerManager', false],
      ['otherContractor', false],
    ]
    for (const [who, reaches] of matrix) await expectReach(w, who, `of/case/${w.caseId}`, id, bytes, reaches)
    // The auditor reads but may not attach; the reporter's file is theirs to remove, not a neighbour's.
    const byAuditor = await upload(
      w.people.auditor.token,
      `${w.home.coop.id}/of/case/${w.caseId}`,
      new Blob([bytes]),
      'x.png',
    )
    expect(byAuditor.status).toBe(403)
    expect(
      (await client(suite.app, w.people.auditor.token).delete(`/api/attachments/${w.home.coop.id}/${id}`))
        .status,
    ).toBe(403)
    // Naming another organisation in the path finds nothing either.
    const awayOrg = (
      await db()
        .selectFrom('memberships')
        .select('org_id')
        .where('user_id', '=', w.people.stranger.id)
        .executeTakeFirstOrThrow()
    ).org_id
    expect((await get(w.people.stranger.token, `${awayOrg}/${id}/download`)).status).toBe(404)
    expect((await get(w.people.stranger.token, `${awayOrg}/${id}/thumbnail`)).status).toBe(404)
    expect(
      (await client(suite.app, w.people.reporter.token).delete(`/api/attachments/${w.home.coop.id}/${id}`))
        .status,
    ).toBe(200)
    expect((await get(w.people.manager.token, `${w.home.coop.id}/${id}/download`)).status).toBe(404)
  })

  it('message attachments follow the thread: internal notes never reach the resident', async () => {
    const w = await world()
    const bytes = await png(100, 100)
    const inThread = await idOf(
      await upload(
        w.people.reporter.token,
        `${w.home.coop.id}/of/message/${w.threadId}`,
        new Blob([bytes]),
        'p.png',
      ),
    )
    for (const [who, reaches] of [
      ['reporter', true],
      ['manager', true],
      ['contractor', true],
      ['neighbour', false],
      ['stranger', false],
      ['otherContractor', false],
    ] as Array<[Who, boolean]>)
      await expectReach(w, who, `of/message/${w.threadId}`, inThread, bytes, reaches)

    const noteBytes = await png(90, 90)
    const inNotes = await idOf(
      await upload(
        w.people.manager.token,
        `${w.home.coop.id}/of/message/${w.notesId}`,
        new Blob([noteBytes]),
        'n.png',
      ),
    )
    for (const [who, reaches] of [
      ['manager', true],
      ['board', true],
      ['contractor', true],
      ['reporter', false],
      ['auditor', false],
      ['neighbour', false],
      ['stranger', false],
    ] as Array<[Who, boolean]>)
      await expectReach(w, who, `of/message/${w.notesId}`, inNotes, noteBytes, reaches)
    // A resident cannot post into internal notes by uploading there either.
    const res = await upload(
      w.people.reporter.token,
      `${w.home.coop.id}/of/message/${w.notesId}`,
      new Blob([bytes]),
      'p.png',
    )
    expect(res.status).toBe(404)
  })

  it('channel attachments follow the channel audience: a board channel is not the residents’', async () => {
    const w = await world()
    const org = w.home.coop.id
    const channel = async (audience: 'members' | 'board') => {
      const res = await client(suite.app, w.people.board.token).post('/api/collab/threads', {
        org,
        title: `Channel ${audience}`,
        audience,
      })
      expect(res.status).toBe(201)
      return ((await res.json()) as { id: string }).id
    }
    const boardOnly = await channel('board')
    const bytes = await png(50, 50)
    const id = await idOf(
      await upload(w.people.board.token, `${org}/of/message/${boardOnly}`, new Blob([bytes]), 'b.png'),
    )
    for (const [who, reaches] of [
      ['board', true],
      ['manager', true],
      ['reporter', false],
      ['neighbour', false],
      ['stranger', false],
      ['contractor', false],
    ] as Array<[Who, boolean]>)
      await expectReach(w, who, `of/message/${boardOnly}`, id, bytes, reaches)

    // Everyone's channel: residents attach; the auditor reads but may not write there.
    const everyone = await channel('members')
    const theirs = await idOf(
      await upload(w.people.neighbour.token, `${org}/of/message/${everyone}`, new Blob([bytes]), 'n.png'),
    )
    await expectReach(w, 'auditor', `of/message/${everyone}`, theirs, bytes, true)
    await expectReach(w, 'stranger', `of/message/${everyone}`, theirs, bytes, false)
    expect(
      (await upload(w.people.auditor.token, `${org}/of/message/${everyone}`, new Blob([bytes]), 'a.png'))
        .status,
    ).toBe(403)
  })

  it('a hidden or deleted message takes its own files with it, except for moderators', async () => {
    const w = await world()
    const org = w.home.coop.id
    const created = await client(suite.app, w.people.board.token).post('/api/collab/threads', {
      org,
      title: 'Pihapiiri',
      audience: 'members',
    })
    const channelId = ((await created.json()) as { id: string }).id
    const bytes = await png(60, 60)
    const photo = await idOf(
      await upload(w.people.neighbour.token, `${org}/of/message/${channelId}`, new Blob([bytes]), 'p.png'),
    )
    const kept = await idOf(
      await upload(
        w.people.neighbour.token,
        `${org}/of/message/${channelId}`,
        new Blob([await png(61, 61)]),
        'k.png',
      ),
    )
    // The thread as the collab server stores it: written, then compacted (which projects it).
    const ref = parseDocName(docName('thread', org, channelId))
    if (!ref.ok) throw new Error(ref.reason)
    const doc = new Y.Doc()
    const own = postMessage(doc, { authorId: w.people.neighbour.id, text: 'Kuva', attachments: [photo] })
    postMessage(doc, { authorId: w.people.neighbour.id, text: 'Toinen', attachments: [kept] })
    // Someone else names the neighbour's other photo in their own message, then deletes it: that
    // must not take the neighbour's photo away.
    const borrowed = postMessage(doc, {
      authorId: w.people.reporter.id,
      text: 'Lainaan',
      attachments: [kept],
    })
    deleteMessage(doc, borrowed.id)
    hideMessage(doc, own.id, w.people.manager.id, 'Naapurin kuva ilman lupaa')
    await compactDocument(db(), ref.doc, doc)

    const listed = async (who: Who) =>
      (
        (await (await get(w.people[who].token, `${org}/of/message/${channelId}`)).json()) as {
          attachments: Array<{ id: string }>
        }
      ).attachments.map((a) => a.id)
    for (const who of ['reporter', 'neighbour', 'auditor'] as Who[]) {
      expect(await listed(who)).toEqual([kept])
      expect((await get(w.people[who].token, `${org}/${photo}/download`)).status).toBe(404)
      expect((await get(w.people[who].token, `${org}/${photo}/thumbnail`)).status).toBe(404)
      expect((await get(w.people[who].token, `${org}/${kept}/download`)).status).toBe(200)
    }
    expect(await listed('manager')).toEqual([photo, kept])
    expect((await get(w.people.manager.token, `${org}/${photo}/download`)).status).toBe(200)
    expect((await get(w.people.stranger.token, `${org}/${kept}/download`)).status).toBe(404)
  })

  it('card attachments: the board and the delegated contractor; never an undelegated card, by any route', async () => {
    const w = await world()
    const b = await boardWorld(w)
    const org = w.home.coop.id
    const bytes = await png(64, 64)
    const onDelegated = await idOf(
      await upload(w.people.board.token, `${org}/of/task/${b.delegated}`, new Blob([bytes]), 'plan.png'),
    )
    const secretBytes = await png(65, 65)
    const onSecret = await idOf(
      await upload(w.people.board.token, `${org}/of/task/${b.secret}`, new Blob([secretBytes]), 'secret.png'),
    )

    for (const [who, reaches] of [
      ['board', true],
      ['manager', true],
      ['auditor', true],
      ['contractor', true],
      ['otherContractor', false],
      ['reporter', false],
      ['stranger', false],
    ] as Array<[Who, boolean]>)
      await expectReach(w, who, `of/task/${b.delegated}`, onDelegated, bytes, reaches)
    for (const [who, reaches] of [
      ['board', true],
      ['contractor', false],
      ['otherContractor', false],
      ['reporter', false],
    ] as Array<[Who, boolean]>)
      await expectReach(w, who, `of/task/${b.secret}`, onSecret, secretBytes, reaches)

    // The contractor attaches to their delegated card, and cannot reach the secret one by
    // naming it as another owner kind either.
    const theirs = await upload(
      w.people.contractor.token,
      `${org}/of/task/${b.delegated}`,
      new Blob([await png(70, 70)]),
      'done.png',
    )
    expect(theirs.status).toBe(201)
    for (const kind of ['task', 'case', 'message']) {
      const res = await upload(
        w.people.contractor.token,
        `${org}/of/${kind}/${b.secret}`,
        new Blob([bytes]),
        'x.png',
      )
      expect(res.status, kind).toBe(404)
    }
    expect(
      (await upload(w.people.auditor.token, `${org}/of/task/${b.delegated}`, new Blob([bytes]), 'x.png'))
        .status,
    ).toBe(403)

    // Delegation withdrawn: the contractor loses the card's files at once.
    const boardDoc = `${org}/board/${b.boardId}`
    const { result: doc } = await writeStoredDocument(db(), boardDoc, (d) => {
      updateCard(d, b.delegated, { delegatedOrgId: null })
      return d
    })
    const ref = parseDocName(boardDoc)
    if (!ref.ok) throw new Error(ref.reason)
    await db()
      .transaction()
      .execute((trx) => projectBoard(trx, ref.doc, doc))
    await expectReach(w, 'contractor', `of/task/${b.delegated}`, onDelegated, bytes, false)
  })
})
