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
/**
 * And few: the guard judges, Hocuspocus applies and observers read a merged update in one
 * synchronous step, so a batch of hundreds of posts was a stall of its own; 32 posts per commit
 * already make the commit's round trip cheap per post.
 */
export const MAX_MERGED_FRAMES = 32

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
  /** The `ws` socket, and its TCP socket under it. */
  webSocket?: { _socket?: { cork(): void; uncork(): void } }
  kpAcks?: true
  kpLazy?: true
}

/**
 * Frames waiting in a queue to be merged: the queue holds the first one as a placeholder until
 * Hocuspocus takes it (`at(0)`), and only then are the parts merged, in one `mergeUpdates`.
 *
 * Why not merge as each frame arrives: that re-merged everything gathered so far with every new
 * frame, so a queue of k frames cost k²/2 frames' worth of merging, on the event loop, exactly when
 * the server was already behind. Under 50 writers × 10 msg/s (bench:busy) it was half of the app's
 * CPU time and the main cause of 1–7 s health-check stalls (issue 21, item 3). Now each frame is
 * read once by the pre-scan and once by the merge.
 */
interface Batch {
  key: string
  /** The client's original frames, in order (put back one by one if the merge fails). */
  frames: Uint8Array[]
  payloads: Uint8Array[]
  bytes: number
}
const batches = new WeakMap<Uint8Array, Batch>()

/**
 * `Y.mergeUpdates` of many updates at once re-sorts its list of readers for every struct it
 * writes (O(structs × n log n)): 300 small posts took 300 ms in one call (bench:busy). Merging
 * a few at a time, level by level, keeps it O(bytes × log n).
 */
export function mergeMany(updates: Uint8Array[]): Uint8Array {
  let level = updates
  while (level.length > 1) {
    const next: Uint8Array[] = []
    for (let i = 0; i < level.length; i += MERGE_FAN_IN) {
      const group = level.slice(i, i + MERGE_FAN_IN)
      next.push(group.length === 1 ? group[0]! : Y.mergeUpdates(group))
    }
    level = next
  }
  return level[0]!
}
const MERGE_FAN_IN = 4

/** The merged frame a batch stands for (or its original frames when Yjs cannot merge them). */
function materialise(batch: Batch): Uint8Array[] {
  let merged: Uint8Array
  try {
    merged = mergeMany(batch.payloads)
  } catch {
    return batch.frames // The guard refuses the bad one on its own.
  }
  const out = updateFrame(batch.key, merged)
  parsed.set(out, {
    key: batch.key,
    payload: out.subarray(out.length - merged.length),
    frames: batch.frames.length,
  })
  return [out]
}

/**
 * Hocuspocus reads the next message with `messageQueue.at(0)` (and nothing else reads our
 * placeholders): the batch at the head is merged right then, before any hook sees it.
 */
function mergeOnTake(c: Internals): void {
  if (c.kpLazy) return
  c.kpLazy = true
  const queue = c.messageQueue
  const at = queue.at.bind(queue)
  Object.defineProperty(queue, 'at', {
    value: (index: number) => {
      if (index === 0 && queue.length > 0) {
        const batch = batches.get(queue[0]!)
        if (batch) {
          batches.delete(queue[0]!)
          queue.splice(0, 1, ...materialise(batch))
        }
      }
      return at(index)
    },
  })
}

/**
 * Call right after Hocuspocus queued `frame` on its document connection. Adds it to the update
 * frame queued just before it, when that one is waiting (not being handled) and is for the same
 * document; the merge itself happens when Hocuspocus takes the frame (mergeOnTake).
 */
export function coalesceQueued(connection: Connection | undefined, frame: Uint8Array): void {
  if (!connection) return
  const c = connection as unknown as Internals
  const queue = c.messageQueue
  // Plain indexing, not at(): at(0) merges.
  if (!Array.isArray(queue) || queue.length < 3 || queue[queue.length - 1] !== frame) return
  const last = readUpdateFrame(frame)
  const before = queue[queue.length - 2]!
  let batch = batches.get(before)
  if (!last || !isThread(last.key)) return
  if (!batch) {
    const prev = readUpdateFrame(before)
    if (!prev || prev.key !== last.key || prev.frames !== 1) return
    batch = { key: prev.key, frames: [before], payloads: [prev.payload], bytes: prev.payload.length }
  }
  if (batch.key !== last.key || batch.bytes + last.payload.length > MAX_MERGED_BYTES) return
  if (batch.frames.length >= MAX_MERGED_FRAMES) return
  // The guard's bounded pre-scan first: a struct-count bomb never reaches mergeUpdates.
  if (!scanUpdate(last.payload).ok) return
  if (batch.frames.length === 1 && !scanUpdate(batch.payloads[0]!).ok) return
  batch.frames.push(frame)
  batch.payloads.push(last.payload)
  batch.bytes += last.payload.length
  batches.set(before, batch)
  queue.pop()
  mergeOnTake(c)
  owePerFrame(c)
}

/**
 * One acknowledgement per original frame: the provider counts them. The socket is corked while
 * they are written, so a batch's acks leave in one write (one system call) instead of one each:
 * a busy channel's queues run to batches of 10–30 frames, and their acks' writes were 4 % of the
 * main thread (bench:busy).
 */
function owePerFrame(c: Internals): void {
  if (c.kpAcks) return
  c.kpAcks = true
  const send = c.send.bind(c)
  c.send = (message: Uint8Array) => {
    const head = c.messageQueue[0]
    const owed = head ? framesIn(head) : 1
    if (owed === 1 || !isSyncStatus(message)) return send(message)
    const socket = c.webSocket?._socket
    socket?.cork()
    try {
      for (let i = 0; i < owed; i++) send(message)
    } finally {
      socket?.uncork()
    }
  }
}

function isSyncStatus(message: Uint8Array): boolean {
  const keyLen = varUint(message, 0)
  if (!keyLen) return false
  const type = varUint(message, keyLen[1] + keyLen[0])
  return type !== null && type[0] === SYNC_STATUS
}
