import * as Y from 'yjs'
import { cardsOf, columnsOf } from '../../schema/docs/board.ts'
import { checklistOf, descriptionOf, fieldsOf, historyOf } from '../../schema/docs/case.ts'
import { itemsOf } from '../../schema/docs/inbox.ts'
import { messagesOf, metaOf } from '../../schema/docs/thread.ts'

/** The roots of each kind of document that hold what people typed. */
function rootsOf(kind: string, doc: Y.Doc): Y.AbstractType<unknown>[] {
  switch (kind) {
    case 'thread':
      return [messagesOf(doc), metaOf(doc)] as Y.AbstractType<unknown>[]
    case 'case':
      return [
        fieldsOf(doc),
        descriptionOf(doc),
        checklistOf(doc),
        historyOf(doc),
      ] as Y.AbstractType<unknown>[]
    case 'board':
      return [columnsOf(doc), cardsOf(doc)] as Y.AbstractType<unknown>[]
    case 'inbox':
      return [itemsOf(doc)] as Y.AbstractType<unknown>[]
    default:
      return []
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Replaces every occurrence of each text (case-insensitive) with its pseudonym wherever a
 * document of `kind` holds text: map values, array items, Y.Text. Returns whether anything changed.
 */
export function scrubDocument(kind: string, doc: Y.Doc, pairs: readonly [string, string][]): boolean {
  const patterns = pairs
    .filter(([from]) => from.trim().length >= 3)
    .map(([from, to]) => [new RegExp(escapeRegExp(from), 'gi'), to] as const)
  const replace = (s: string) => patterns.reduce((acc, [re, to]) => acc.replace(re, to), s)
  const hit = (s: string) => patterns.some(([re]) => new RegExp(re.source, 'i').test(s))
  let changed = false
  const walk = (value: unknown): void => {
    if (value instanceof Y.Map) {
      for (const [key, v] of value.entries()) {
        if (typeof v === 'string' && hit(v)) {
          value.set(key, replace(v))
          changed = true
        } else walk(v)
      }
    } else if (value instanceof Y.Array) {
      value.toArray().forEach((v, i) => {
        if (typeof v === 'string' && hit(v)) {
          value.delete(i, 1)
          value.insert(i, [replace(v)])
          changed = true
        } else walk(v)
      })
    } else if (value instanceof Y.Text) {
      for (const [re, to] of patterns) {
        const text = value.toString()
        const found = [...text.matchAll(new RegExp(re.source, 'gi'))].reverse()
        for (const m of found) {
          value.delete(m.index, m[0].length)
          value.insert(m.index, to)
          changed = true
        }
      }
    }
  }
  doc.transact(() => {
    for (const root of rootsOf(kind, doc)) walk(root)
  })
  return changed
}
