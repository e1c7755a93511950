import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addCard,
  addChecklistItem,
  addColumn,
  archiveColumn,
  moveCard,
  readBoard,
  readCards,
  removeChecklistItem,
  restoreChecklistItem,
  setChecklistItem,
  updateCard,
} from './board.ts'
import { isOrderKey, keyBetween, keysBetween } from './order.ts'

const USER = '00000000-0000-4000-8000-000000000001'

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

function boardWith(columns: string[], cardsPerColumn: number) {
  const doc = new Y.Doc()
  const cols = columns.map((title) => addColumn(doc, { title }))
  for (const col of cols)
    for (let i = 0; i < cardsPerColumn; i++)
      addCard(doc, { title: `${col.title} ${i}`, columnId: col.id, createdBy: USER })
  return { doc, cols }
}

const layout = (doc: Y.Doc) => readBoard(doc).columns.map((c) => c.cards.map((card) => card.title))

describe('ordering keys', () => {
  it('always finds a key strictly between two keys', () => {
    let low: string | null = null
    let high: string | null = null
    for (let i = 0; i < 200; i++) {
      const k = keyBetween(low, high)
      expect(isOrderKey(k)).toBe(true)
      if (low !== null) expect(k > low).toBe(true)
      if (high !== null) expect(k < high).toBe(true)
      if (i % 2) low = k
      else high = k
    }
  })

  it('makes short, sorted keys in bulk', () => {
    const keys = keysBetween(null, null, 500)
    expect([...keys].sort()).toEqual(keys)
    expect(new Set(keys).size).toBe(500)
    expect(Math.max(...keys.map((k) => k.length))).toBeLessThanOrEqual(3)
  })
})

describe('board document', () => {
  it('moves a card within and between columns', () => {
    const { doc, cols } = boardWith(['Todo', 'Doing'], 3)
    const todo = readBoard(doc).columns[0]!.cards
    moveCard(doc, todo[2]!.id, cols[0]!.id, 0)
    expect(layout(doc)[0]).toEqual(['Todo 2', 'Todo 0', 'Todo 1'])
    moveCard(doc, todo[0]!.id, cols[1]!.id, 1)
    expect(layout(doc)).toEqual([
      ['Todo 2', 'Todo 1'],
      ['Doing 0', 'Todo 0', 'Doing 1', 'Doing 2'],
    ])
  })

  it('converges when two people move the same card to different columns at once', () => {
    const { doc: a, cols } = boardWith(['Todo', 'Doing', 'Done'], 2)
    const b = new Y.Doc()
    sync(a, b)
    const card = readBoard(a).columns[0]!.cards[0]!
    moveCard(a, card.id, cols[1]!.id, 0)
    moveCard(b, card.id, cols[2]!.id, 2)
    sync(a, b)
    expect(layout(a)).toEqual(layout(b))
    const appearances = layout(a)
      .flat()
      .filter((t) => t === card.title)
    expect(appearances).toHaveLength(1)
    expect(readCards(a)).toHaveLength(6)
  })

  it('keeps every card when many are dropped into the same gap at once', () => {
    const { doc: a, cols } = boardWith(['Todo', 'Doing'], 4)
    const b = new Y.Doc()
    sync(a, b)
    const [c0, c1, c2, c3] = readBoard(a).columns[0]!.cards
    moveCard(a, c0!.id, cols[1]!.id, 1)
    moveCard(b, c1!.id, cols[1]!.id, 1)
    moveCard(a, c2!.id, cols[1]!.id, 1)
    moveCard(b, c3!.id, cols[1]!.id, 1)
    sync(a, b)
    expect(layout(a)).toEqual(layout(b))
    expect(layout(a)[1]).toHaveLength(8)
    expect(layout(a)[0]).toHaveLength(0)
  })

  it('merges concurrent edits of different fields and of different checklist items', () => {
    const { doc: a } = boardWith(['Todo'], 1)
    const id = readCards(a)[0]!.id
    const one = addChecklistItem(a, id, 'Order pipes')
    const b = new Y.Doc()
    sync(a, b)
    updateCard(a, id, { title: 'Renovate sauna' })
    updateCard(b, id, { due: '2027-05-31', labels: ['sauna'] })
    setChecklistItem(a, id, one, { done: true })
    addChecklistItem(b, id, 'Book electrician')
    sync(a, b)
    const card = readCards(b)[0]!
    expect(card).toMatchObject({ title: 'Renovate sauna', due: '2027-05-31', labels: ['sauna'] })
    expect(card.checklist.map((i) => [i.text, i.done])).toEqual([
      ['Order pipes', true],
      ['Book electrician', false],
    ])
  })

  it('puts a removed checklist item back in its place with its state (undo)', () => {
    const { doc, cols } = boardWith(['A'], 0)
    const card = addCard(doc, { title: 'c', columnId: cols[0]!.id, createdBy: USER })
    const first = addChecklistItem(doc, card.id, 'first')
    addChecklistItem(doc, card.id, 'second')
    setChecklistItem(doc, card.id, first, { done: true })
    const removed = readCards(doc)[0]!.checklist.find((i) => i.id === first)!
    removeChecklistItem(doc, card.id, first)
    expect(readCards(doc)[0]!.checklist.map((i) => i.text)).toEqual(['second'])
    restoreChecklistItem(doc, card.id, removed)
    expect(readCards(doc)[0]!.checklist.map((i) => [i.text, i.done])).toEqual([
      ['first', true],
      ['second', false],
    ])
  })

  it('shows cards of an archived column in the first column', () => {
    const { doc, cols } = boardWith(['Todo', 'Doing'], 1)
    archiveColumn(doc, cols[1]!.id)
    // Both cards keep their own order key ('V' each), so their order is the id tie-break.
    expect(layout(doc)).toHaveLength(1)
    expect([...layout(doc)[0]!].sort()).toEqual(['Doing 0', 'Todo 0'])
  })

  it('refuses values outside the shape in the writers', () => {
    const { doc } = boardWith(['Todo'], 1)
    const id = readCards(doc)[0]!.id
    expect(() => updateCard(doc, id, { progress: 140 })).toThrow()
    expect(() => updateCard(doc, id, { due: '2027-02-30' })).toThrow()
    expect(() => updateCard(doc, id, { title: '' })).toThrow()
  })
})
