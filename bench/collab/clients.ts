/** The benchmark's raw websocket clients: connect (Hocuspocus handshake or plain), count content. */
import WebSocket from 'ws'
import * as Y from 'yjs'
import { authFrame, type FrameKind, readFrame, step1Frame } from './frames.ts'

export interface Client {
  ws: WebSocket
  /** Highest clock seen per Yjs client: Hocuspocus merges a burst into one frame, so count content, not frames. */
  clocks: Map<number, number>
  onFrame?: (kind: FrameKind) => void
}

export function connect(url: string, doc: string, cookie: string, hocuspocus: boolean): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: cookie ? { cookie: `kp_session=${cookie}` } : {} })
    ws.binaryType = 'nodebuffer'
    const client: Client = { ws, clocks: new Map() }
    ws.on('message', (data: Buffer) => {
      const { kind, update } = readFrame(data)
      if (update) {
        for (const [id, clock] of Y.parseUpdateMeta(update).to) {
          if ((client.clocks.get(id) ?? 0) < clock) client.clocks.set(id, clock)
        }
      }
      if (kind === 'step2') resolve(client)
      client.onFrame?.(kind)
    })
    ws.on('open', () => {
      if (!hocuspocus) return resolve(client)
      ws.send(authFrame(doc, ''))
      ws.send(step1Frame(doc))
    })
    ws.on('error', reject)
    ws.on('close', (code, reason) => reject(new Error(`closed ${code} ${reason.toString()}`)))
  })
}

export async function connectMany(
  n: number,
  url: string,
  doc: string,
  cookies: string[],
  hocuspocus: boolean,
) {
  const out: Client[] = []
  for (let i = 0; i < n; i += 100) {
    const batch = Array.from({ length: Math.min(100, n - i) }, (_, j) =>
      connect(url, doc, cookies[(i + j) % cookies.length]!, hocuspocus),
    )
    out.push(...(await Promise.all(batch)))
  }
  return out
}

export const closeAll = (clients: Client[]) => {
  for (const c of clients) {
    c.ws.removeAllListeners('close')
    c.ws.on('error', () => {})
    c.ws.terminate()
  }
}
