/**
 * bench:busy's raw writers: websocket clients that authenticate, sync and post as the real
 * provider does, at a cost per message small enough that the writers' process offers what it is
 * asked to. A `@hocuspocus/provider` client applies every broadcast to its own Y.Doc: with 50 of
 * them in one process that was 2.2–3.8 ms of CPU per acknowledged message, and the process could
 * offer only about 260 of the 500 posts/s asked for.
 *
 * What a raw writer does instead:
 * - the handshake of the provider (Hocuspocus v4 framing, y-protocols encoding): auth token, sync
 *   step 1, its awareness state (renewed as y-protocols renews it), and the answer (step 2) to the
 *   server's step 1, which the server acknowledges;
 * - each post is `postMessage` (schema/docs/thread.ts) on a Y.Doc of the writer's own posts, so the
 *   update is a real post with the writer's own Yjs client and clocks; its left neighbour is then
 *   set to the newest message the server has broadcast (`withLeftOrigin`). Without that, a writer
 *   that does not apply broadcasts appends after its own previous post, and every post of the run
 *   would land in the middle of the thread like a late message (renumbering the live part at
 *   every compaction, threadSeq.ts), which real clients, who see each other's posts, do not do;
 * - incoming frames are classified by one byte after the document name: acknowledgements are
 *   counted (in order per connection, as the provider counts them), updates skipped. One writer
 *   per process (`observe`) applies what it receives to a shared view of the document, from which
 *   every writer of the process takes the newest message. The view holds only what the server has
 *   sent (and the observer's own posts once acknowledged), so no post refers to an item the server
 *   does not have yet.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { messagesOf, postMessage } from '../../schema/docs/thread.ts'
import { authFrame } from '../collab/frames.ts'

const MSG_SYNC = 0
const MSG_AWARENESS = 1
const MSG_AUTH = 2
const MSG_CLOSE = 7
const MSG_SYNC_STATUS = 8
const SYNC_STEP1 = 0
const SYNC_STEP2 = 1
const SYNC_UPDATE = 2
/** Hocuspocus's auth message type (@hocuspocus/common AuthMessageType): permission denied. */
const AUTH_DENIED = 1

/** Yjs update encoding (v1): the info byte of a struct. */
const HAS_ORIGIN = 0x80
const HAS_RIGHT_ORIGIN = 0x40
const HAS_PARENT_SUB = 0x20
const CONTENT_REF = 0x1f
const CONTENT_TYPE = 7

/**
 * `update` (one post as `postMessage` produced it: one client, its first struct the message's map
 * in the messages array, pushed at the end) with the map placed right after `origin` instead:
 * what the post would be if the writer's document ended with that item. Only the first struct's
 * left reference changes (the map's fields refer to the map by its own id); the clocks, the
 * content and the delete set are the post's.
 */
export function withLeftOrigin(update: Uint8Array, origin: Y.ID): Uint8Array {
  const d = decoding.createDecoder(update)
  if (decoding.readVarUint(d) !== 1) throw new Error('withLeftOrigin: one client expected')
  decoding.readVarUint(d) // structs
  decoding.readVarUint(d) // client
  decoding.readVarUint(d) // first clock
  const infoAt = d.pos
  const info = decoding.readUint8(d)
  if ((info & CONTENT_REF) !== CONTENT_TYPE || info & (HAS_RIGHT_ORIGIN | HAS_PARENT_SUB))
    throw new Error('withLeftOrigin: not a message pushed at the end of the array')
  if (info & HAS_ORIGIN) {
    decoding.readVarUint(d)
    decoding.readVarUint(d)
  } else if (decoding.readVarUint(d) === 1) {
    decoding.readVarString(d) // the root type's name
  } else {
    decoding.readVarUint(d)
    decoding.readVarUint(d)
  }
  const e = encoding.createEncoder()
  encoding.writeUint8Array(e, update.subarray(0, infoAt))
  encoding.writeUint8(e, info | HAS_ORIGIN)
  encoding.writeVarUint(e, origin.client)
  encoding.writeVarUint(e, origin.clock)
  encoding.writeUint8Array(e, update.subarray(d.pos))
  return encoding.toUint8Array(e)
}

/** The document as the server has sent it to one connection of this process: its newest message. */
export class ServerView {
  readonly doc = new Y.Doc()
  private tail: Y.Item | null = null

  apply(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update)
  }

  /** The id of the messages array's last item (what a provider's push would follow), or null. */
  newest(): Y.ID | null {
    let item = this.tail ?? messagesOf(this.doc)._start
    if (!item) return null
    while (item.right) item = item.right
    this.tail = item
    return item.lastId
  }
}

function frame(doc: string, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarString(e, doc)
  write(e)
  return encoding.toUint8Array(e)
}

const syncFrame = (doc: string, step: number, payload: Uint8Array) =>
  frame(doc, (e) => {
    encoding.writeVarUint(e, MSG_SYNC)
    encoding.writeVarUint(e, step)
    encoding.writeVarUint8Array(e, payload)
  })

const awarenessFrame = (doc: string, awareness: Awareness) =>
  frame(doc, (e) => {
    encoding.writeVarUint(e, MSG_AWARENESS)
    encoding.writeVarUint8Array(e, encodeAwarenessUpdate(awareness, [awareness.clientID]))
  })

export interface PostRecord {
  id: string
  /** Epoch ms, comparable across processes. */
  sentAt: number
}

export interface RawWriterStats {
  sentAt: number[]
  ackedAt: number[]
  ackMs: number[]
  ackedIds: string[]
  /** Acknowledgements that said "not saved" (a read-only connection). */
  refused: number
}

const epochNow = () => performance.timeOrigin + performance.now()

/**
 * One writer: `connect` resolves once the handshake is done (the server's step 2 is in and our
 * step 2 acknowledged), then `post` sends one message. Closing codes and reasons are kept in
 * `problems`: a bench that lost its writers must say so, not report fewer acks.
 */
export class RawWriter {
  readonly stats: RawWriterStats = { sentAt: [], ackedAt: [], ackMs: [], ackedIds: [], refused: 0 }
  readonly problems: string[] = []
  private ws: WebSocket | undefined
  private readonly own = new Y.Doc()
  private readonly awareness = new Awareness(this.own)
  private lastUpdate: Uint8Array | undefined
  /**
   * Posts sent and not yet acknowledged, oldest first (acks come in order per connection); the
   * observer keeps each one's update for its view.
   */
  private readonly inFlight: Array<PostRecord & { update?: Uint8Array }> = []
  /** Acknowledgements owed to the handshake's step 2 before posts' ones. */
  private handshakeAcks = 1

  private readonly url: string
  private readonly doc: string
  private readonly cookie: string
  private readonly authorId: string
  private readonly view: ServerView
  /** Set on one writer per process: it keeps the view every writer of the process posts after. */
  private readonly observe: boolean

  constructor(opts: {
    url: string
    doc: string
    cookie: string
    authorId: string
    view: ServerView
    observe: boolean
  }) {
    this.url = opts.url
    this.doc = opts.doc
    this.cookie = opts.cookie
    this.authorId = opts.authorId
    this.view = opts.view
    this.observe = opts.observe
    this.own.on('update', (u: Uint8Array) => {
      this.lastUpdate = u
    })
    // y-protocols renews a local state before others time it out (every 15 s): the provider sends
    // each renewal, so do we.
    this.awareness.on('update', ({ updated }: { updated: number[] }, origin: unknown) => {
      if (origin === 'local' && updated.includes(this.awareness.clientID)) this.sendAwareness()
    })
  }

  get acked(): number {
    return this.stats.ackedIds.length
  }

  get offered(): number {
    return this.stats.sentAt.length
  }

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url, { headers: { cookie: `kp_session=${this.cookie}` } })
      this.ws = ws
      ws.binaryType = 'nodebuffer'
      let synced = false
      let step2In = false
      ws.on('open', () => {
        ws.send(authFrame(this.doc, ''))
        ws.send(syncFrame(this.doc, SYNC_STEP1, Y.encodeStateVector(this.own)))
        this.sendAwareness()
      })
      ws.on('message', (data: Buffer) => {
        // The message type is the byte after the address (the document name, as the server
        // writes it): one varint and the name's bytes, skipped without decoding the name.
        const d = decoding.createDecoder(data)
        const nameBytes = decoding.readVarUint(d)
        const at = d.pos + nameBytes
        const type = data[at]
        if (type === MSG_SYNC_STATUS) {
          if (this.handshakeAcks > 0) {
            this.handshakeAcks--
          } else {
            this.acknowledged(data[at + 1] === 1)
          }
        } else if (type === MSG_SYNC) {
          const step = data[at + 1]
          if (step === SYNC_STEP1) {
            // The server asks what we have that it lacks: nothing but our own posts (none yet).
            d.pos = at + 2
            const sv = decoding.readVarUint8Array(d)
            ws.send(syncFrame(this.doc, SYNC_STEP2, Y.encodeStateAsUpdate(this.own, sv)))
          } else if (step === SYNC_STEP2 || step === SYNC_UPDATE) {
            if (step === SYNC_STEP2) step2In = true
            if (this.observe) {
              d.pos = at + 2
              this.view.apply(decoding.readVarUint8Array(d))
            }
          }
        } else if (type === MSG_AUTH) {
          d.pos = at + 1
          if (decoding.readVarUint(d) === AUTH_DENIED) {
            this.problems.push(`denied: ${decoding.readVarString(d)}`)
          }
        } else if (type === MSG_CLOSE) {
          d.pos = at + 1
          this.problems.push(`closed by the server: ${decoding.readVarString(d)}`)
        }
        if (!synced && step2In && this.handshakeAcks === 0) {
          synced = true
          resolve()
        }
      })
      ws.on('error', (error) => {
        this.problems.push(`socket error: ${error.message}`)
        reject(error)
      })
      ws.on('close', (code, reason) => {
        if (this.ws === ws) this.problems.push(`socket closed ${code} ${reason.toString()}`)
        reject(new Error(`closed ${code} ${reason.toString()} before the handshake ended`))
      })
    })
  }

  /** Posts one message after the newest one this process has seen from the server. */
  post(text: string): void {
    // Y.Array's push walks right from its furthest search marker, and pushes make none: without
    // this read of the last element (which moves a marker there) every post walks all of this
    // writer's earlier ones (75 µs per post at 3,000 posts, 31 µs with the read).
    const own = messagesOf(this.own)
    if (own.length > 0) own.get(own.length - 1)
    const message = postMessage(this.own, { authorId: this.authorId, text })
    const origin = this.view.newest()
    const update = origin ? withLeftOrigin(this.lastUpdate!, origin) : this.lastUpdate!
    const sentAt = epochNow()
    this.stats.sentAt.push(sentAt)
    this.inFlight.push({ id: message.id, sentAt, ...(this.observe ? { update } : {}) })
    this.ws!.send(syncFrame(this.doc, SYNC_UPDATE, update))
  }

  close(): void {
    const ws = this.ws
    this.ws = undefined
    this.awareness.destroy()
    if (!ws) return
    ws.removeAllListeners('close')
    ws.on('error', () => {})
    ws.terminate()
  }

  private acknowledged(saved: boolean): void {
    const post = this.inFlight.shift()
    if (!post) return void this.problems.push('an acknowledgement for nothing sent')
    if (!saved) {
      this.stats.refused++
      return
    }
    const now = epochNow()
    this.stats.ackedAt.push(now)
    this.stats.ackMs.push(now - post.sentAt)
    this.stats.ackedIds.push(post.id)
    // The server has it now: the observer's view may follow it (it is never broadcast back to us).
    if (post.update) this.view.apply(post.update)
  }

  private sendAwareness(): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(awarenessFrame(this.doc, this.awareness))
  }
}
