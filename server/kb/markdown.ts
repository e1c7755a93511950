import type MarkdownIt from 'markdown-it'
import type Sanitize from 'sanitize-html'

/**
 * Articles are Markdown. They are rendered on the server by markdown-it and the result always
 * passes through sanitize-html with a small allowlist before any browser sees it: raw HTML in
 * an article is parsed (so an author may write a <br> or a table) and then cleaned, which drops
 * <script>/<style>/<iframe> and their content, every on* attribute, and links or images whose
 * scheme is not http(s)/mailto/tel. The client inserts only this output, never its own render.
 *
 * Both libraries are loaded at the first article (`loadMarkdown()`), not with every process and
 * API test file that imports the knowledge-base routes.
 */
export interface Markdown {
  /** Markdown → safe HTML. */
  render(source: string): string
  /** Markdown → plain text for search and excerpts: the words a reader sees, no markup. */
  text(source: string): string
  /** The first words of an article's paragraphs (not its headings or tables), for lists. */
  excerpt(source: string, max?: number): string
}

let loading: Promise<Markdown> | undefined

export function loadMarkdown(): Promise<Markdown> {
  loading ??= Promise.all([import('markdown-it'), import('sanitize-html')]).then(
    ([{ default: MarkdownItClass }, { default: sanitize }]) =>
      markdownWith(
        new MarkdownItClass({ html: true, linkify: true, breaks: false, typographer: false }),
        sanitize,
      ),
  )
  return loading
}

function markdownWith(markdown: InstanceType<typeof MarkdownIt>, sanitizeHtml: typeof Sanitize): Markdown {
  const SANITIZE: Sanitize.IOptions = {
    allowedTags: [
      'h1',
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'p',
      'br',
      'hr',
      'blockquote',
      'ul',
      'ol',
      'li',
      'strong',
      'em',
      'b',
      'i',
      's',
      'del',
      'code',
      'pre',
      'a',
      'img',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
    ],
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title'],
      th: ['align'],
      td: ['align'],
      ol: ['start'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['https'] },
    allowProtocolRelative: false,
    // Dropped together with everything inside them (the text of a script must not show either).
    nonTextTags: [
      'script',
      'style',
      'textarea',
      'option',
      'noscript',
      'iframe',
      'object',
      'embed',
      'template',
    ],
    transformTags: {
      // Links leave the app without handing it over (no window.opener, no referrer).
      a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
      // Only absolute https images: a relative src would make the reader's browser call our own API.
      img: (tagName, attribs) => {
        const { src, ...rest } = attribs
        return { tagName, attribs: src?.startsWith('https://') ? { ...rest, src } : rest }
      },
    },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
  }
  // `target` and `rel` are only ever set by the transform above, never taken from the author.
  SANITIZE.allowedAttributes = { ...SANITIZE.allowedAttributes, a: ['href', 'title', 'rel', 'target'] }

  function renderMarkdown(source: string): string {
    return sanitizeHtml(markdown.render(source), SANITIZE)
  }

  function markdownText(source: string): string {
    const text = sanitizeHtml(renderMarkdown(source), { allowedTags: [], allowedAttributes: {} })
    return decodeEntities(text).replace(/\s+/g, ' ').trim()
  }

  function excerpt(source: string, max = 180): string {
    const tokens = markdown.parse(source, {})
    const paragraphs = tokens
      .filter((token, i) => token.type === 'inline' && tokens[i - 1]?.type === 'paragraph_open')
      .map((token) => markdownText(token.content))
    const text = (paragraphs.join(' ') || markdownText(source)).trim()
    if (text.length <= max) return text
    const cut = text.slice(0, max)
    const space = cut.lastIndexOf(' ')
    return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`
  }

  return { render: renderMarkdown, text: markdownText, excerpt }
}

function decodeEntities(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&nbsp;', ' ')
    .replaceAll('&amp;', '&')
}
