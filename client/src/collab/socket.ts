import { HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider'
import { createSignal } from 'solid-js'

/**
 * The one websocket every open document shares (Hocuspocus multiplexes documents over it). It is
 * opened when the first document is opened and closed when the last one is released. The browser
 * sends the session cookie on the upgrade, so no token is needed (or stored).
 */
export const COLLAB_PATH = '/collab'

export function collabUrl(location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${COLLAB_PATH}`
}

const [status, setStatus] = createSignal<WebSocketStatus>(WebSocketStatus.Disconnected)
const [browserOnline, setBrowserOnline] = createSignal(
  typeof navigator === 'undefined' ? true : navigator.onLine,
)

/**
 * `socketStatus`: connected, connecting or disconnected, reactive. `browserOnline`: what the
 * browser believes about the network (it is told first when Wi-Fi drops).
 */
export { browserOnline, status as socketStatus }

let socket: HocuspocusProviderWebsocket | undefined

/** Where and how to connect. Browsers use the defaults; tests and non-browser clients set them. */
export interface CollabClientOptions {
  url?: string
  /** A WebSocket class for environments without one that sends what the server needs. */
  WebSocketPolyfill?: unknown
  /** A short-lived token (POST /api/collab/token) where no session cookie travels. */
  token?: () => Promise<string>
}
let options: CollabClientOptions = {}

export function configureCollabClient(next: CollabClientOptions): void {
  options = next
}

export function collabToken(): (() => Promise<string>) | string {
  // The session cookie on the upgrade authenticates a browser; an empty token says so.
  return options.token ?? ''
}

export function sharedSocket(): HocuspocusProviderWebsocket {
  if (!socket) {
    socket = new HocuspocusProviderWebsocket({
      url: options.url ?? collabUrl(),
      ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
      autoConnect: false,
      // Reconnect quickly after a short network drop; back off to 10 s at most.
      delay: 500,
      minDelay: 250,
      maxDelay: 10_000,
      maxAttempts: 0,
      onStatus: ({ status: next }) => setStatus(next),
    })
    if (typeof window !== 'undefined') watchNetwork()
  }
  // Attaching a provider connects when this is set (connecting here too would race that attempt).
  socket.shouldConnect = true
  return socket
}

function watchNetwork(): void {
  window.addEventListener('online', () => {
    setBrowserOnline(true)
    // Do not wait out the back-off: the network is back now.
    if (socket?.shouldConnect && socket.status === WebSocketStatus.Disconnected) void socket.connect()
  })
  window.addEventListener('offline', () => setBrowserOnline(false))
}

/** Called when no document is open any more. */
export function idleSocket(): void {
  socket?.disconnect()
  setStatus(WebSocketStatus.Disconnected)
}
