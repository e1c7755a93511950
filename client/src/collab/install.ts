import { provideStatusArea } from '../shell/slots.ts'

/**
 * Puts the sync indicator into the header once its module has loaded. Called once from
 * main.tsx. Loaded, not imported: the indicator reads the open documents, which brings Yjs and
 * the websocket provider (about 30 KB brotli), and nothing is open before a page has shown.
 */
export function installCollab(): void {
  void import('./SyncIndicator.tsx').then((m) => provideStatusArea(m.SyncIndicator)).catch(() => undefined)
}
