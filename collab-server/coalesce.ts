import type { Connection } from '@hocuspocus/server'
import * as Y from 'yjs'
import { parseDocName } from '../schema/docs/names.ts'
import { scanUpdate } from './guard/scanUpdate.ts'

/**
 * Pipelining a connection's queued updates (issue 19/21): one commit for everything a client sent
 * while its previous update was being stored, instead of one commit round trip each.
 *
 * Hocuspocus handles a connection's messages one at a time, and our beforeSync waits for the
 * update's commit before Hocuspocus applies and acknowledges it, so a client's next update waited
 * for the previous commit: one fast client (or every client, when the database is slow) got at
 * most one update per round trip, and the queue grew. Here, when a Yjs update frame joins a
 * connection's queue behind another update frame for the same document that has not started, the
 * two are merged (`Y.mergeUpdates`) into one frame. It then goes through every hook as one update
 * (rate limit charged per original frame, guard, one log row, apply, one broadcast), and its
 * acknowledgement is sent once per original frame, so the provider's count of unsaved changes is
 * exact and an acknowledged edit is still a stored one.
 *
 * Why a merged update is judged correctly: it is exactly what the provider itself sends with
 * `flushDelay` (the client merges its buffered updates the same way), and the guard must judge any
 * update a client can send. What changes: if the merged update is refused, none of its parts is
 * stored or acknowledged (the connection closes on a refusal anyway, dropping the rest of the
 * queue).
 *
 * Bounds (the hostile-frame guarantee): only frames that pass the guard's allocation-free pre-scan
 * are merged, and only while the merged payload stays under MAX_MERGED_BYTES, so a merge costs at
 * most a few milliseconds; anything else is left to the hooks as it is.
 */
const SYNC = 0
const SYNC_UPDATE = 2
const SYNC_STATUS = 8
/** Merged payloads stay small: merging is synchronous work on the event loop. */
export const MAX_MERGED_BYTES = 64 * 1024

interface UpdateFrame {
  key: string
  payload: Uint8Array
  /** How many frames the client sent that this one stands for. */
  frames: number
}

/**
 * Only thread documents: their rules judge an author's changes merged into one update as each
 * alone (threadRules.ts: a post and its edit), which the durability test checks with real
 * writers; the other kinds' rules have not been reviewed for merged updates yet.
 */
function isThread(key: string): boolean {
  const parsed = parseDocName(key.split('\0')[0]!)
  return parsed.ok && parsed.doc.kind === 'thread'
}

/** Frames we built or read: the parse result, and how many acknowledgements each one owes. */
const parsed = new WeakMap<Uint8Array, UpdateFrame | null>()

/** lib0 varUint at `pos`: [value, next position], or null when truncated. */
function varUint(bytes: Uint8Array, pos: number): [number, number] | null {
  let value = 0
  let mult = 1
  for (let i = 0; i < 5 && pos < bytes.length; i++) {
    const b = bytes[pos++]!
    value += (b & 0x7f) * mult
    if (b < 0x80) return [value, pos]
    mult *= 128
  }
  return null
}

const utf8 = new TextDecoder('utf-8', { fatal: false })

/** `<key><Sync><Update><payload>` and nothing after it; anything else is null. */
export function readUpdateFrame(frame: Uint8Array): UpdateFrame | null {
  const known = parsed.get(frame)
  if (known !== undefined) return known
  let result: UpdateFrame | null = null
  const keyLen = varUint(frame, 0)
  if (keyLen && keyLen[1] + keyLen[0] <= frame.length) {
    const key = utf8.decode(frame.subarray(keyLen[1], keyLen[1] + keyLen[0]))
    const type = varUint(frame, keyLen[1] + keyLen[0])
    const sub = type && type[0] === SYNC ? varUint(frame, type[1]) : null
    const len = sub && sub[0] === SYNC_UPDATE ? varUint(frame, sub[1]) : null
    if (len && len[1] + len[0] === frame.length) {
      result = { key, payload: frame.subarray(len[1]), frames: 1 }
    }
  }
  parsed.set(frame, result)
  return result
}

function writeVarUint(out: number[], n: number): void {
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80)
    n = Math.floor(n / 128)
  }
  out.push(n)
}

function updateFrame(key: string, payload: Uint8Array): Uint8Array {
  const head: number[] = []
  const keyBytes = new TextEncoder().encode(key)
  writeVarUint(head, keyBytes.length)
  head.push(...keyBytes, SYNC, SYNC_UPDATE)
  writeVarUint(head, payload.length)
  const frame = new Uint8Array(head.length + payload.length)
  frame.set(head)
  frame.set(payload, head.length)
  return frame
}

/** How many client frames `frame` stands for (1 unless it was merged here). */
export const framesIn = (frame: Uint8Array) => parsed.get(frame)?.frames ?? 1

/** The document connection a socket's frames for `key` go to (Hocuspocus keeps them by key). */
export function connectionOf(client: unknown, key: string): Connection | undefined {
  const connections = (client as { documentConnections?: Record<string, Connection> }).documentConnections
  return connections?.[key] ?? connections?.[key.split('\0')[0]!]
}

/** Hocuspocus's per-document connection: its queue (index 0 is being handled) and its send. */
interface Internals {
  messageQueue: Uint8Array[]
  send(message: Uint8Array): void
  kpAcks?: true
}

/**
 * Call right after Hocuspocus queued `frame` on its document connection. Merges it into the
 * update frame queued just before it, when that one is waiting (not being handled) and is for the
 * same document.
 */
export function coalesceQueued(connection: Connection | undefined, frame: Uint8Array): void {
  if (!connection) return
  const c = connection as unknown as Internals
  const queue = c.messageQueue
  if (!Array.isArray(queue) || queue.length < 3 || queue.at(-1) !== frame) return
  const last = readUpdateFrame(frame)
  const before = queue.at(-2)!
  const prev = last ? readUpdateFrame(before) : null
  if (!last || !prev || prev.key !== last.key || !isThread(last.key)) return
  if (prev.payload.length + last.payload.length > MAX_MERGED_BYTES) return
  // The guard's bounded pre-scan first: a struct-count bomb never reaches mergeUpdates.
  if (!scanUpdate(last.payload).ok || (prev.frames === 1 && !scanUpdate(prev.payload).ok)) return
  let merged: Uint8Array
  try {
    merged = Y.mergeUpdates([prev.payload, last.payload])
  } catch {
    return // The guard refuses it on its own.
  }
  const out = updateFrame(last.key, merged)
  parsed.set(out, {
    key: last.key,
    payload: out.subarray(out.length - merged.length),
    frames: prev.frames + last.frames,
  })
  queue.splice(queue.length - 2, 2, out)
  owePerFrame(c)
}

/** One acknowledgement per original frame: the provider counts them. */
function owePerFrame(c: Internals): void {
  if (c.kpAcks) return
  c.kpAcks = true
  const send = c.send.bind(c)
  c.send = (message: Uint8Array) => {
    send(message)
    const head = c.messageQueue[0]
    const owed = head ? framesIn(head) : 1
    if (owed > 1 && isSyncStatus(message)) for (let i = 1; i < owed; i++) send(message)
  }
}

function isSyncStatus(message: Uint8Array): boolean {
  const keyLen = varUint(message, 0)
  if (!keyLen) return false
  const type = varUint(message, keyLen[1] + keyLen[0])
  return type !== null && type[0] === SYNC_STATUS
}
