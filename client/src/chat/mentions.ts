/**
 * @mention autocomplete in the composer. The server notifies whoever is named as "@First Last"
 * and may read the thread (collab-server/notifications/messageDeliveries.ts decides, from the
 * database, never from this list), so all the client does is help type the whole name.
 */
export type Person = { readonly id: string; readonly name: string }

/** The "@abc" being typed just before the caret: where its "@" is and the text after it. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | undefined {
  const before = text.slice(0, caret)
  // A first name, then at most one space and the start of a last name ("@Riikka A").
  const match = /(?:^|\s)@([\p{L}\p{M}'’-]*(?: [\p{L}\p{M}'’-]*)?)$/u.exec(before)
  if (!match) return undefined
  const query = match[1] ?? ''
  return { start: caret - query.length - 1, query }
}

/** People whose name, or a word of it, starts with the query; at most `limit`, by name. */
export function mentionMatches(people: readonly Person[], query: string, limit = 6): Person[] {
  const q = query.toLocaleLowerCase()
  return people
    .filter((p) => {
      const name = p.name.toLocaleLowerCase()
      return name.startsWith(q) || name.split(/\s+/).some((word) => word.startsWith(q))
    })
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, limit)
}

/** The text with the query replaced by "@Whole Name ", and where the caret goes. */
export function insertMention(text: string, start: number, caret: number, name: string) {
  const inserted = `@${name} `
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length }
}
