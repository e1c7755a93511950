import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { updateCard } from '../../schema/docs/board.ts'
import { docName, parseDocName } from '../../schema/docs/names.ts'
import { deleteMessage, hideMessage, postMessage } from '../../schema/docs/thread.ts'
import { compactDocument } from '../../server/docstore/documents.ts'
import { writeStoredDocument } from '../../server/docstore/docWriter.ts'
import { projectBoard } from '../../server/projections/board.ts'
import { ENGINES } from '../test/harness.ts'
import { client } from '../test/http.ts'
import { type AttachmentsWorld, png, useAttachmentsApp } from './testWorld.ts'

/**
 * Who reads attachments on cases, thread messages and board cards: every file inherits who may
 * read its owner, and everyone else gets 404 from every route. Type, size, serving and
 * thumbnails: files.test.ts.
 */
describe.each(ENGINES)('attachment visibility on %s', (engine) => {
  const { suite, db, upload, get, world, boardWorld, idOf } = useAttachmentsApp(engine)

  type Who = keyof AttachmentsWorld['people']
  /** Every route that reveals an attachment, as `who`: all 200, or all 404 with only an error. */
  async function expectReach(
    w: AttachmentsWorld,
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
