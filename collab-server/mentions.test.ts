import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { readInbox } from '../schema/docs/inbox.ts'
import { inboxDocName } from '../schema/docs/names.ts'
import { postMessage } from '../schema/docs/thread.ts'
import { jsonb } from '../server/db/json.ts'
import { loadDocumentState } from '../server/docstore/documents.ts'
import { addMembership, createOrg, createUser, signIn } from '../server/test/factories.ts'
import { channelFixture, ENGINES, tokenFor, useCollabServer } from './test/harness.ts'

/**
 * "Mentions notify the mentioned user" in a standing channel: someone who never wrote there gets
 * a 'mention' item; a person of another organisation, or a member who cannot read the channel,
 * gets nothing even when named.
 */
describe.each(ENGINES)('mentions on %s', (engine) => {
  const suite = useCollabServer(engine)
  const db = suite.db

  const inbox = async (userId: string) => {
    const stored = await loadDocumentState(db(), inboxDocName(userId))
    const doc = new Y.Doc()
    if (stored) Y.applyUpdate(doc, stored)
    return readInbox(doc)
  }
  const person = async (orgId: string, role: 'resident' | 'owner' | 'board_member', name: string) => {
    const user = await createUser(db(), { name: `${name} ${crypto.randomUUID().slice(0, 6)}` })
    await addMembership(db(), orgId, user.id, role)
    return { ...user, token: await signIn(db(), user.id) }
  }

  it('a mentioned member gets a mention item with a link; a stranger and a non-reader get nothing', async () => {
    const channel = await channelFixture(db())
    const board = await channel.addChannel('board')
    const author = await person(channel.org.id, 'board_member', 'Aino Kirjoittaja')
    const named = await person(channel.org.id, 'owner', 'Pekka Mainittu')
    const bystander = await person(channel.org.id, 'resident', 'Liisa Sivullinen')
    const away = await createOrg(db())
    const stranger = await person(away.id, 'resident', 'Ville Vieras')

    const c = suite.open(suite.server.url, channel.name, { token: await tokenFor(db(), author.token) })
    await vi.waitFor(() => expect(c.provider.synced).toBe(true))
    postMessage(c.doc, {
      authorId: author.id,
      text: `Hei @${named.name} ja @${stranger.name}, pihatalkoot lauantaina`,
    })
    const b = suite.open(suite.server.url, board.name, { token: await tokenFor(db(), author.token) })
    await vi.waitFor(() => expect(b.provider.synced).toBe(true))
    postMessage(b.doc, { authorId: author.id, text: `Hallitukselle: @${bystander.name} valitti melusta` })

    await vi.waitFor(
      async () =>
        expect(await inbox(named.id)).toContainEqual(
          expect.objectContaining({
            kind: 'mention',
            orgId: channel.org.id,
            link: `/org/${channel.org.id}/chat/${channel.threadId}`,
            body: expect.stringContaining('pihatalkoot'),
            readAt: null,
          }),
        ),
      { timeout: 15_000 },
    )
    // Give the board channel's notice time to be processed too, then check nobody else got one.
    await vi.waitFor(
      async () =>
        expect(
          await db()
            .selectFrom('outbox')
            .select('id')
            .where('entity_id', '=', board.threadId)
            .where('topic', '=', 'notify')
            .where('processed_at', 'is not', null)
            .execute(),
        ).not.toHaveLength(0),
      { timeout: 15_000 },
    )
    expect(await inbox(stranger.id)).toEqual([])
    // The bystander was named only in the board's channel, which a resident cannot read.
    expect(await inbox(bystander.id)).toEqual([])
    expect(await inbox(author.id)).toEqual([])
  })

  it("names the channel in each recipient's language (issue 20)", async () => {
    const channel = await channelFixture(db())
    const names = { fi: 'Pihakanava', sv: 'Gårdskanalen', en: 'Yard channel' }
    await db()
      .updateTable('threads')
      .set({ names: jsonb(names) })
      .where('id', '=', channel.threadId)
      .execute()
    const author = await person(channel.org.id, 'board_member', 'Aino Kirjoittaja')
    const swede = await person(channel.org.id, 'owner', 'Sven Svensson')
    const finn = await person(channel.org.id, 'owner', 'Pekka Mainittu')
    await db().updateTable('users').set({ language: 'sv' }).where('id', '=', swede.id).execute()
    const c = suite.open(suite.server.url, channel.name, { token: await tokenFor(db(), author.token) })
    await vi.waitFor(() => expect(c.provider.synced).toBe(true))
    postMessage(c.doc, { authorId: author.id, text: `@${swede.name} @${finn.name} talkoot` })
    await vi.waitFor(
      async () => {
        expect((await inbox(swede.id)).map((i) => i.title)).toEqual(['Gårdskanalen'])
        expect((await inbox(finn.id)).map((i) => i.title)).toEqual(['Pihakanava'])
      },
      { timeout: 15_000 },
    )
  })
})
