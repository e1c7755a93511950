import * as Y from 'yjs'
import { editMessage, postMessage } from '../../schema/docs/thread.ts'
import type { DB } from '../../server/db/connect.ts'
import { createUpdateLog } from '../../server/docstore/updateLog.ts'

/**
 * A long chat thread built the way clients build one: each author writes under their own Yjs
 * client id through the schema's writers, and each post or edit is one update (the update event
 * of that transaction, what the provider sends). Every author is caught up when they write, as a
 * connected client is; that is modelled with one document whose client id switches per author
 * (Yjs itself reassigns `clientID` the same way), which is what makes 11,000 updates cheap to
 * build. Edits are by the message's own author, as the write guard demands.
 */
export interface ThreadFixture {
  /** In the order the server would have accepted them. */
  updates: Array<{ update: Uint8Array; userId: string }>
  /** Ids of all messages, oldest first. */
  messageIds: string[]
  /** Index in `updates` where the tail starts (messages sent after the last compaction). */
  tailFrom: number
}

const SENTENCES = [
  'Saunavuoro vapautui perjantaille, ottaako joku?',
  'Pyykkituvan kuivausrumpu pitää taas outoa ääntä, ilmoitin huoltoyhtiölle.',
  'Pihatalkoot ovat lauantaina klo 10. Kahvia ja pullaa tarjolla, tervetuloa!',
  'Kiitos vinkistä.',
  'Onko kenelläkään lainata porakonetta illaksi? Palautan huomenna aamulla.',
  'Roskakatoksen ovi ei mene kunnolla kiinni, lokit ovat levittäneet roskia pihalle.',
  'Hissin huolto on tiistaina 9–12, silloin kannattaa käyttää portaita.',
  'Autopaikka B12 vapautuu ensi kuussa, kiinnostuneet voivat ilmoittautua isännöitsijälle.',
]

/** A small deterministic generator, so every run builds the same thread. */
function random(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function buildThread(opts: {
  messages: number
  edits: number
  authorIds: readonly string[]
  /** Messages posted after the main body (they arrive after a compaction in the bench). */
  tail?: number
  seed?: number
  /** Epoch ms of the newest message; the thread spans the 90 days before it. */
  now?: number
}): ThreadFixture {
  const rand = random(opts.seed ?? 42)
  const now = opts.now ?? Date.now()
  const span = 90 * 24 * 3600 * 1000
  const updates: ThreadFixture['updates'] = []
  const doc = new Y.Doc()
  const authors = opts.authorIds.map((id) => ({
    id,
    clientId: Math.floor(rand() * 2 ** 31) + 1,
    own: [] as string[],
  }))
  const messageIds: string[] = []

  let sent: Uint8Array | undefined
  doc.on('update', (update: Uint8Array) => {
    sent = update
  })
  const act = (author: (typeof authors)[number], change: (d: Y.Doc) => void) => {
    doc.clientID = author.clientId
    sent = undefined
    doc.transact(() => change(doc))
    if (!sent) throw new Error('the change made no update')
    updates.push({ update: sent, userId: author.id })
  }

  const editEvery = opts.edits > 0 ? opts.messages / opts.edits : Number.POSITIVE_INFINITY
  let edits = 0
  for (let i = 0; i < opts.messages; i++) {
    const author = authors[Math.floor(rand() * authors.length)]!
    const createdAt = now - span + Math.floor((span * i) / opts.messages)
    const base = SENTENCES[Math.floor(rand() * SENTENCES.length)]!
    const text = rand() < 0.2 ? `${base} ${SENTENCES[Math.floor(rand() * SENTENCES.length)]!}` : base
    act(author, (d) => {
      const message = postMessage(d, { authorId: author.id, text, now: createdAt })
      author.own.push(message.id)
      messageIds.push(message.id)
    })
    // Edits spread through the thread: someone fixes one of their own recent messages.
    while (edits < opts.edits && (i + 1) / editEvery >= edits + 1) {
      const recent = author.own.slice(-20)
      const id = recent[Math.floor(rand() * recent.length)]!
      act(author, (d) => editMessage(d, id, `${text} (korjattu ${edits + 1})`, createdAt + 60_000))
      edits++
    }
  }
  const tailFrom = updates.length
  for (let i = 0; i < (opts.tail ?? 0); i++) {
    const author = authors[Math.floor(rand() * authors.length)]!
    act(author, (d) => {
      messageIds.push(postMessage(d, { authorId: author.id, text: `Uusi viesti ${i + 1}`, now: now + i }).id)
    })
  }
  doc.destroy()
  return { updates, messageIds, tailFrom }
}

/**
 * Writes the fixture through the collab server's own update log (group commit), as the
 * persistence extension does for each accepted update: one row per update.
 */
export async function appendToLog(db: DB, name: string, updates: ThreadFixture['updates']): Promise<void> {
  const log = createUpdateLog(db)
  await Promise.all(updates.map((u) => log.append(name, u.update, u.userId)))
  await log.drain()
}
