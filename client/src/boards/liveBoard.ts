import { type Accessor, createComputed, onCleanup } from 'solid-js'
import { createStore, reconcile } from 'solid-js/store'
import type * as Y from 'yjs'
import { type BoardView, cardsOf, columnsOf, readBoard } from '../../../schema/docs/board.ts'

/**
 * The board document as a Solid store: columns with their cards in order, re-read on any change
 * of either root and reconciled by id, so a move re-renders the two columns it touches.
 */
export function createLiveBoard(doc: Accessor<Y.Doc>): BoardView {
  const [board, setBoard] = createStore<BoardView>({ columns: [] })
  createComputed(() => {
    const d = doc()
    const sync = () => setBoard(reconcile(readBoard(d), { key: 'id' }))
    sync()
    const columns = columnsOf(d)
    const cards = cardsOf(d)
    columns.observeDeep(sync)
    cards.observeDeep(sync)
    onCleanup(() => {
      columns.unobserveDeep(sync)
      cards.unobserveDeep(sync)
    })
  })
  return board
}
