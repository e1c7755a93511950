/**
 * The module specifiers a TypeScript source names, with their positions, for the import-rule test
 * and the move codemod. A small tokenizer rather than a regex over the text: comments are skipped
 * and a string is a specifier only by the tokens before it, so prose in a comment or a string such
 * as 'copied from "../api"' never counts. (The TypeScript 7 package ships no JavaScript compiler
 * API, so this cannot lean on `ts.preProcessFile`.)
 *
 * Recognised: `import … from 'x'`, `export … from 'x'`, `import 'x'`, `import('x')`,
 * `require('x')`, and `new URL('./x', import.meta.url)` (worker and child-process entries).
 */

export type SpecifierKind = 'from' | 'side-effect' | 'dynamic' | 'url' | 'require'

export interface Specifier {
  value: string
  kind: SpecifierKind
  /** Offsets of the string's contents (inside the quotes) in the source. */
  start: number
  end: number
  /** 1-based line of the specifier, for messages. */
  line: number
}

interface Token {
  /** A word, a single punctuation character, or '"' for a string literal. */
  text: string
  value?: string
  start: number
  end: number
}

const WORD = /[A-Za-z0-9_$]/
/** After these a `/` starts a regular expression, not a division. */
const REGEX_AFTER_WORDS = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'void',
  'yield',
  'await',
])

function tokenize(src: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  const n = src.length
  const skipTemplate = () => {
    // i is just after the opening backtick; nested `${ … }` may hold strings and templates.
    while (i < n) {
      const c = src[i]
      if (c === '\\') i += 2
      else if (c === '`') {
        i++
        return
      } else if (c === '$' && src[i + 1] === '{') {
        i += 2
        let depth = 1
        while (i < n && depth > 0) {
          const d = src[i]
          if (d === '{') depth++
          else if (d === '}') depth--
          else if (d === '`') {
            i++
            skipTemplate()
            continue
          } else if (d === "'" || d === '"') {
            skipString(d)
            continue
          }
          i++
        }
      } else i++
    }
  }
  const skipString = (quote: string) => {
    i++
    while (i < n && src[i] !== quote && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1
    i++
  }
  while (i < n) {
    const c = src[i] as string
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++
    } else if (c === '/' && src[i + 1] === '/') {
      while (i < n && src[i] !== '\n') i++
    } else if (c === '/' && src[i + 1] === '*') {
      const close = src.indexOf('*/', i + 2)
      i = close < 0 ? n : close + 2
    } else if (c === "'" || c === '"') {
      const start = i
      skipString(c)
      tokens.push({ text: '"', value: src.slice(start + 1, i - 1), start: start + 1, end: i - 1 })
    } else if (c === '`') {
      i++
      skipTemplate()
      tokens.push({ text: '`', start: i, end: i })
    } else if (c === '/') {
      const prev = tokens[tokens.length - 1]
      const regex =
        !prev ||
        (prev.text !== ')' &&
          prev.text !== ']' &&
          prev.text !== '"' &&
          prev.text !== '`' &&
          !WORD.test(prev.text)) ||
        REGEX_AFTER_WORDS.has(prev.text)
      if (regex) {
        i++
        let inClass = false
        while (i < n && src[i] !== '\n') {
          const d = src[i]
          if (d === '\\') i++
          else if (d === '[') inClass = true
          else if (d === ']') inClass = false
          else if (d === '/' && !inClass) break
          i++
        }
        i++
        while (i < n && WORD.test(src[i] as string)) i++
        tokens.push({ text: '/re/', start: i, end: i })
      } else {
        tokens.push({ text: '/', start: i, end: i + 1 })
        i++
      }
    } else if (WORD.test(c)) {
      const start = i
      while (i < n && WORD.test(src[i] as string)) i++
      tokens.push({ text: src.slice(start, i), start, end: i })
    } else {
      tokens.push({ text: c, start: i, end: i + 1 })
      i++
    }
  }
  return tokens
}

function lineAt(src: string, offset: number): number {
  let line = 1
  for (let i = 0; i < offset; i++) if (src.charCodeAt(i) === 10) line++
  return line
}

export function findSpecifiers(src: string): Specifier[] {
  const tokens = tokenize(src)
  const out: Specifier[] = []
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token
    if (t.text !== '"' || t.value === undefined) continue
    const p1 = tokens[k - 1]?.text
    const p2 = tokens[k - 2]?.text
    const p3 = tokens[k - 3]?.text
    let kind: SpecifierKind | undefined
    if (p1 === 'from') kind = 'from'
    else if (p1 === 'import' && p2 !== '.') kind = 'side-effect'
    else if (p1 === '(' && p2 === 'import' && p3 !== '.') kind = 'dynamic'
    else if (p1 === '(' && p2 === 'require' && p3 !== '.') kind = 'require'
    else if (
      p1 === '(' &&
      p2 === 'URL' &&
      p3 === 'new' &&
      tokens[k + 1]?.text === ',' &&
      tokens[k + 2]?.text === 'import' &&
      tokens[k + 4]?.text === 'meta'
    )
      kind = 'url'
    if (kind) out.push({ value: t.value, kind, start: t.start, end: t.end, line: lineAt(src, t.start) })
  }
  return out
}

export const isRelative = (spec: string) => spec.startsWith('./') || spec.startsWith('../')
