import { describe, expect, it, vi } from 'vitest'
import { refusalReasonKey } from '../client/src/collab/refusals.ts'
import { en } from '../client/src/i18n/en.ts'
import { fi } from '../client/src/i18n/fi.ts'
import { sv } from '../client/src/i18n/sv.ts'
import { channelFixture, ENGINES, tokenFor, useCollabServer } from '../collab-server/test/harness.ts'
import { messagesOf, postMessage, readMessages } from '../schema/docs/thread.ts'

/**
 * The size cap is on the live document (issue 21, item 2). Before, the guard's counter started at
 * the stored bytes and grew by every accepted update, so a busy channel that stayed loaded was
 * refused at the cap although the archive kept its document small. The caps are lowered here so
 * the test pushes many times the cap through in seconds; the rule is the same at 8 MiB.
 */
const CAP = 128 * 1024
const LONG = 'x'.repeat(3900)

describe.each(ENGINES)('the document size cap on %s', (engine) => {
  const suite = useCollabServer(engine, {
    maxDocumentBytes: CAP,
    archive: { keep: 5, at: 10 },
    debounceMs: 100,
    maxDebounceMs: 300,
  })
  const db = suite.db

  it('keeps a busy channel that stays loaded writable through archive rounds (4× the cap)', async () => {
    const channel = await channelFixture(db())
    const [alice, bob] = [await channel.member('resident'), await channel.member('owner')]
    // Bob keeps the channel open all along, so the document never unloads.
    const reader = suite.open(suite.server.url, channel.name, { token: await tokenFor(db(), bob.token) })
    const writer = suite.open(suite.server.url, channel.name, { token: await tokenFor(db(), alice.token) })
    await vi.waitFor(() => expect(reader.provider.synced && writer.provider.synced).toBe(true))
    let pushed = 0
    let posted = 0
    while (pushed < 4 * CAP) {
      // Ten long messages, then the archive round takes the live part back under `at`.
      for (let i = 0; i < 10; i++) {
        postMessage(writer.doc, { authorId: alice.id, text: `${posted++} ${LONG}` })
        pushed += LONG.length
      }
      await vi.waitFor(() => expect(writer.provider.unsyncedChanges).toBe(0), { timeout: 10_000 })
      // The reader holds this batch's last message and the round has taken the live part back.
      // Waiting only for "≤ 10 live" passed at once on a loaded machine, before the batch reached
      // the reader, and the next batch then really did push the document over the cap.
      const last = `${posted - 1} `
      await vi.waitFor(
        () => {
          expect(readMessages(reader.doc).at(-1)?.text.startsWith(last)).toBe(true)
          expect(messagesOf(reader.doc).length).toBeLessThanOrEqual(10)
        },
        { timeout: 20_000 },
      )
    }
    expect(writer.events.closes.filter((r) => r !== '')).toEqual([])
    expect(
      readMessages(reader.doc)
        .at(-1)
        ?.text.startsWith(`${posted - 1} `),
    ).toBe(true)
    // Every message has its row once the last compaction ran.
    await vi.waitFor(async () => {
      const rows = await db()
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('thread_id', '=', channel.threadId)
        .executeTakeFirstOrThrow()
      expect(Number(rows.n)).toBe(posted)
    })
  })
})

describe.each(ENGINES)('a document really over the cap on %s', (engine) => {
  // No archive round before 200 messages: four long messages fill a 16 KiB document.
  const suite = useCollabServer(engine, { maxDocumentBytes: 16 * 1024 })
  const db = suite.db

  it('refuses the change with a reason the client turns into what to do, and stays readable', async () => {
    const channel = await channelFixture(db())
    const alice = await channel.member('resident')
    const token = await tokenFor(db(), alice.token)
    const writer = suite.open(suite.server.url, channel.name, { token })
    await vi.waitFor(() => expect(writer.provider.synced).toBe(true))
    for (let i = 0; i < 3; i++) postMessage(writer.doc, { authorId: alice.id, text: `${i} ${LONG}` })
    await vi.waitFor(() => expect(writer.provider.unsyncedChanges).toBe(0))
    postMessage(writer.doc, { authorId: alice.id, text: `3 ${LONG}` })
    postMessage(writer.doc, { authorId: alice.id, text: `4 ${LONG}` })
    await vi.waitFor(() =>
      expect(writer.events.closes.some((r) => r.startsWith('document_too_large'))).toBe(true),
    )
    const reason = writer.events.closes.find((r) => r.startsWith('document_too_large'))!
    expect(reason).toMatch(/^document_too_large: \d+ of 16384 bytes; remove content or start a new document$/)
    writer.destroy()

    // A reader still loads it (an empty sync answer adds nothing), and what was refused is not in it.
    const reader = suite.open(suite.server.url, channel.name, { token })
    await vi.waitFor(() => expect(reader.provider.synced).toBe(true))
    expect(reader.events.closes.filter((r) => r !== '')).toEqual([])
    expect(readMessages(reader.doc).length).toBeLessThan(5)

    // The client says what happened and what to do, in every language.
    const key = refusalReasonKey({ code: 'document_too_large', rule: '', at: 0 })
    expect(key).toBe('sync.reason.documentFull')
    for (const dict of [en, fi, sv]) expect(dict.sync.reason.documentFull.length).toBeGreaterThan(60)
  })
})
