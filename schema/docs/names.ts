/**
 * Live document names. One strict grammar, parsed in one place, used by the client (to open a
 * document), the collab server (to authorise it) and projections (to know what a snapshot is):
 *
 *   <orgId>/<kind>/<id>     kind ∈ case | thread | board | calendar, both ids lowercase UUIDs
 *   user/<userId>/inbox     a person's notification inbox
 *
 * Anything else is refused with a reason. The org in a name is only a routing hint: authorisation
 * always checks it against the object's database row.
 */
export const DOC_KINDS = ['case', 'thread', 'board', 'calendar'] as const
export type DocKind = (typeof DOC_KINDS)[number]

export type DocRef =
  | { readonly kind: DocKind; readonly orgId: string; readonly id: string; readonly name: string }
  | { readonly kind: 'inbox'; readonly userId: string; readonly name: string }

export type DocNameResult = { ok: true; doc: DocRef } | { ok: false; reason: string }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
export const MAX_DOC_NAME_LENGTH = 120

export function isUuid(value: string): boolean {
  return UUID.test(value)
}

export function parseDocName(name: string): DocNameResult {
  if (typeof name !== 'string' || name.length === 0) return { ok: false, reason: 'empty document name' }
  if (name.length > MAX_DOC_NAME_LENGTH) return { ok: false, reason: 'document name too long' }
  const parts = name.split('/')
  if (parts.length !== 3) return { ok: false, reason: 'document name must have three parts separated by "/"' }
  const [first, second, third] = parts as [string, string, string]
  if (first === 'user') {
    if (third !== 'inbox') return { ok: false, reason: 'user documents must end in "/inbox"' }
    if (!isUuid(second)) return { ok: false, reason: 'user id must be a lowercase UUID' }
    return { ok: true, doc: { kind: 'inbox', userId: second, name } }
  }
  if (!isUuid(first)) return { ok: false, reason: 'organisation id must be a lowercase UUID' }
  if (!isDocKind(second)) return { ok: false, reason: `unknown document kind "${second.slice(0, 20)}"` }
  if (!isUuid(third)) return { ok: false, reason: 'object id must be a lowercase UUID' }
  return { ok: true, doc: { kind: second, orgId: first, id: third, name } }
}

function isDocKind(value: string): value is DocKind {
  return (DOC_KINDS as readonly string[]).includes(value)
}

export function docName(kind: DocKind, orgId: string, id: string): string {
  return `${orgId}/${kind}/${id}`
}

export function inboxDocName(userId: string): string {
  return `user/${userId}/inbox`
}
