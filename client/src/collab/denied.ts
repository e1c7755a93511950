import { type MessageKey, t } from '../i18n/index.ts'

/**
 * What to say when a document could not be opened at all: a refusal for the page's origin
 * (server/http/origin.ts: the app opened at an address the server does not take as its own) gets a
 * message of its own naming the address, every other reason the page's `fallback`.
 */
export function deniedMessage(reason: string | undefined, fallback: MessageKey): string {
  if (reason?.startsWith('origin_refused')) {
    return t('sync.reason.origin', { origin: typeof location === 'undefined' ? '' : location.origin })
  }
  return t(fallback)
}
