/**
 * Words as both adapters and the lexicon see them: lower case, accents removed (as Postgres'
 * unaccent does for Latin letters), split on anything that is not a letter or digit.
 */
export function foldAccents(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC')
}

export function words(text: string, max = Number.POSITIVE_INFINITY): string[] {
  const out: string[] = []
  for (const w of foldAccents(text.toLowerCase()).split(/[^\p{L}\p{N}]+/u)) {
    if (w.length === 0) continue
    out.push(w.length > 40 ? w.slice(0, 40) : w)
    if (out.length >= max) break
  }
  return out
}

/** The query's words; the last one is typed still (a prefix) unless the text ends in a space. */
export function queryWords(text: string): { words: string[]; lastIsPrefix: boolean } {
  const list = words(text, 8)
  return { words: list, lastIsPrefix: list.length > 0 && !/\s$/.test(text) }
}
