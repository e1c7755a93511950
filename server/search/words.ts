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

/**
 * The distinct words of many texts, as `words` gives them, for the lexicon. Splitting first and
 * folding accents once per distinct token is several times cheaper than folding whole bodies
 * (indexing profile: folding and splitting bodies was most of the indexer's own CPU time).
 */
export function distinctWords(texts: Iterable<string>, folded = new Map<string, string>()): Set<string> {
  const out = new Set<string>()
  for (const text of texts) {
    for (const token of text.toLowerCase().split(/[^\p{L}\p{N}\p{M}]+/u)) {
      if (token.length === 0) continue
      let word = folded.get(token)
      if (word === undefined) {
        const plain = foldAccents(token)
        word = plain.length > 40 ? plain.slice(0, 40) : plain
        if (folded.size < 100_000) folded.set(token, word)
      }
      if (word.length > 0) out.add(word)
    }
  }
  return out
}
