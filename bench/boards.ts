/**
 * npm run bench:boards — a board with 500 cards and 5 concurrent editors (real Hocuspocus
 * providers over websockets against the real collab server, write guard and durable update log
 * included), on PGlite and, with DATABASE_URL, on Postgres.
 *
 * Each round, every editor makes a burst of edits at once (moves within and across columns,
 * title and progress edits); convergence time is measured from the last local edit until all
 * five clients and the server hold the same board. Asserts what matters: every client ends with
 * the same board, 500 cards, each exactly once.
 */
import * as Y from 'yjs'
import {
  connectTestDb,
  openClient,
  startCollab,
  type TestClient,
  tokenFor,
} from '../collab-server/test/harness.ts'
import { addCard, moveCard, readBoard, readCards, seedColumns, updateCard } from '../schema/docs/board.ts'
import { docName } from '../schema/docs/names.ts'
import type { Engine } from '../server/db/connect.ts'
import { writeStoredDocument } from '../server/docstore/docWriter.ts'
import { createOrg, member } from '../server/test/factories.ts'
import { benchEngines } from './lib/engines.ts'
import { waitFor } from './lib/wait.ts'

const CARDS = 500
const EDITORS = 5
const ROUNDS = 5
const BURSTS = [1, 10, 50]

interface Row {
  engine: Engine
  editsPerEditor: number
  round: number
  convergeMs: number
  cards: number
  duplicates: number
}

const layoutKey = (doc: Y.Doc) =>
  JSON.stringify(readBoard(doc).columns.map((c) => [c.id, c.cards.map((card) => card.id)]))

function randomEdit(doc: Y.Doc, n: number, rand: () => number): void {
  const board = readBoard(doc)
  const cards = board.columns.flatMap((c) => c.cards)
  const card = cards[Math.floor(rand() * cards.length)]!
  const kind = rand()
  if (kind < 0.6) {
    const column = board.columns[Math.floor(rand() * board.columns.length)]!
    moveCard(doc, card.id, column.id, Math.floor(rand() * (column.cards.length + 1)))
  } else if (kind < 0.8) {
    updateCard(doc, card.id, { title: `${card.title.split(' #')[0]} #${n}` })
  } else {
    updateCard(doc, card.id, { progress: Math.floor(rand() * 101) })
  }
}

async function benchEngine(engine: Engine): Promise<{ rows: Row[]; loadMs: number; bytes: number }> {
  const connected = await connectTestDb(engine)
  // Production store debounce (2 s, at most 10 s): compaction + projection run as in npm start.
  const server = await startCollab(connected.db, {
    messagesPerSecond: 10_000,
    messageBurst: 10_000,
    debounceMs: 2_000,
    maxDebounceMs: 10_000,
  })
  const clients: TestClient[] = []
  try {
    const db = connected.db
    const org = await createOrg(db)
    const board = await db
      .insertInto('boards')
      .values({ org_id: org.id, title: 'Bench', visibility: 'board', created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const name = docName('board', org.id, board.id)
    const author = await member(db, org.id, 'board_member')
    await writeStoredDocument(db, name, (doc) => {
      const columns = seedColumns(doc, ['Backlog', 'Todo', 'Doing', 'Review', 'Done'])
      for (let i = 0; i < CARDS; i++)
        addCard(doc, { title: `Task ${i}`, columnId: columns[i % columns.length]!.id, createdBy: author.id })
    })
    const started = performance.now()
    for (let i = 0; i < EDITORS; i++) {
      const editor = await member(db, org.id, 'board_member')
      clients.push(openClient(server.url, name, { token: await tokenFor(db, editor.token) }))
    }
    await waitFor(() => clients.every((c) => c.provider.synced))
    const loadMs = performance.now() - started
    const bytes = Y.encodeStateAsUpdate(clients[0]!.doc).byteLength

    let seed = 42
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    const rows: Row[] = []
    let n = 0
    for (const burst of BURSTS) {
      for (let round = 1; round <= ROUNDS; round++) {
        for (const c of clients) for (let i = 0; i < burst; i++) randomEdit(c.doc, n++, rand)
        const lastEdit = performance.now()
        const serverDoc = () => server.collab.hocuspocus.documents.get(name)!
        // Cheap check while waiting (state vectors), so the measuring does not slow the syncing.
        const sv = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).toString('base64')
        await waitFor(() => {
          const target = sv(serverDoc())
          return clients.every((c) => c.provider.unsyncedChanges === 0 && sv(c.doc) === target)
        })
        const convergeMs = performance.now() - lastEdit
        const key = layoutKey(serverDoc())
        if (!clients.every((c) => layoutKey(c.doc) === key)) throw new Error('same state, different boards')
        const ids = readBoard(clients[0]!.doc).columns.flatMap((c) => c.cards.map((card) => card.id))
        const duplicates = ids.length - new Set(ids).size
        if (ids.length !== CARDS || duplicates > 0 || readCards(clients[0]!.doc).length !== CARDS)
          throw new Error(`board broken: ${ids.length} cards shown, ${duplicates} duplicates`)
        rows.push({ engine, editsPerEditor: burst, round, convergeMs, cards: ids.length, duplicates })
      }
    }
    return { rows, loadMs, bytes }
  } finally {
    for (const c of clients) c.destroy()
    await server.close()
    await connected.close()
  }
}

const engines = benchEngines()
console.log(
  `Board: ${CARDS} cards in 5 columns, ${EDITORS} editors (real providers, guard + durable log on)\n`,
)
const summary: string[] = []
for (const engine of engines) {
  const { rows, loadMs, bytes } = await benchEngine(engine)
  console.log(
    `${engine}: ${EDITORS} editors synced the board in ${loadMs.toFixed(0)} ms (${(bytes / 1024).toFixed(0)} KiB)`,
  )
  for (const burst of BURSTS) {
    const ms = rows
      .filter((r) => r.editsPerEditor === burst)
      .map((r) => r.convergeMs)
      .sort((a, b) => a - b)
    const median = ms[Math.floor(ms.length / 2)]!
    summary.push(
      `| ${engine.padEnd(8)} | ${String(burst * EDITORS).padStart(14)} | ${median.toFixed(0).padStart(11)} | ${ms.at(-1)!.toFixed(0).padStart(8)} | ${String(CARDS).padStart(5)} | ${'0'.padStart(10)} |`,
    )
  }
}
console.log('\n| engine   | edits at once  | median (ms) | max (ms) | cards | duplicates |')
console.log('|----------|----------------|-------------|----------|-------|------------|')
for (const line of summary) console.log(line)
console.log(
  `\n(${ROUNDS} rounds per row; convergence = last local edit → all ${EDITORS} clients and the server equal)`,
)
process.exit(0)
