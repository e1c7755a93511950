/**
 * Hocuspocus's wire framing for the collab benchmark's raw clients (a provider per receiver would
 * measure the clients' Yjs, not the server): a frame is the document name, a message type and its
 * payload, all lib0 varints and length-prefixed buffers.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { postMessage } from '../../schema/docs/thread.ts'

const MSG_SYNC = 0
const MSG_AUTH = 2
const MSG_SYNC_STATUS = 8
const SYNC_STEP1 = 0
const SYNC_STEP2 = 1
const SYNC_UPDATE = 2

function frame(doc: string, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarString(e, doc)
  write(e)
  return encoding.toUint8Array(e)
}

export const authFrame = (doc: string, token: string) =>
  frame(doc, (e) => {
    encoding.writeVarUint(e, MSG_AUTH)
    encoding.writeVarUint(e, 0)
    encoding.writeVarString(e, token)
  })

export const step1Frame = (doc: string) =>
  frame(doc, (e) => {
    encoding.writeVarUint(e, MSG_SYNC)
    encoding.writeVarUint(e, SYNC_STEP1)
    encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()))
  })

export const updateFrame = (doc: string, update: Uint8Array) =>
  frame(doc, (e) => {
    encoding.writeVarUint(e, MSG_SYNC)
    encoding.writeVarUint(e, SYNC_UPDATE)
    encoding.writeVarUint8Array(e, update)
  })

export type FrameKind = 'update' | 'step2' | 'ack' | 'other'

export function readFrame(data: Uint8Array): { kind: FrameKind; update?: Uint8Array } {
  const d = decoding.createDecoder(data)
  decoding.readVarUint8Array(d) // the document name
  const type = decoding.readVarUint(d)
  if (type === MSG_SYNC_STATUS) return { kind: 'ack' }
  if (type !== MSG_SYNC) return { kind: 'other' }
  const sync = decoding.readVarUint(d)
  if (sync === SYNC_STEP2) return { kind: 'step2' }
  if (sync !== SYNC_UPDATE) return { kind: 'other' }
  return { kind: 'update', update: decoding.readVarUint8Array(d) }
}

/** Updates that post `count` messages of 100 characters, as one author would send them. */
export function messageUpdates(authorId: string, count: number) {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  for (let i = 0; i < count; i++) postMessage(doc, { authorId, text: `${i}`.padStart(100, 'x') })
  return {
    updates,
    clientId: doc.clientID,
    finalClock: Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID)!,
  }
}
