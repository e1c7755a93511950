import type * as Y from 'yjs'

/**
 * The size the write guard caps: the live document's encoded size, not what was ever written to
 * it. Measured when the document is encoded anyway (load, compaction, after an archive round)
 * and, between measurements, raised by each accepted update's length (an upper bound of what it
 * adds). Before, the counter started at the stored bytes and only grew with each update, so a
 * busy thread that stayed loaded was refused at the cap although the archive kept its document
 * at a sixth of it (issue 21).
 */
interface Size {
  measured: number
  /** Bytes of updates accepted since `measured` was taken. */
  added: number
}

const sizes = new WeakMap<Y.Doc, Size>()

/** The document's size now (an upper bound), or undefined when it was never measured. */
export function documentSize(doc: Y.Doc): number | undefined {
  const size = sizes.get(doc)
  return size && size.measured + size.added
}

export function addedToDocument(doc: Y.Doc, bytes: number): void {
  const size = sizes.get(doc)
  if (size) size.added += bytes
  else sizes.set(doc, { measured: 0, added: bytes })
}

/**
 * Starts a measurement: returns a mark to pass to `measuredDocument` with the encoded size of the
 * state as it was now, so updates accepted while the measurement was in flight still count.
 */
export function measureMark(doc: Y.Doc): number {
  return sizes.get(doc)?.added ?? 0
}

export function measuredDocument(doc: Y.Doc, bytes: number, mark = measureMark(doc)): void {
  const added = Math.max(0, (sizes.get(doc)?.added ?? 0) - mark)
  sizes.set(doc, { measured: bytes, added })
}
