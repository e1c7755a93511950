import { describe, expect, it } from 'vitest'
import { loadMarkdown } from '../../server/kb/markdown.ts'

const { render: renderMarkdown, text: markdownText, excerpt } = await loadMarkdown()

/** The sanitiser is what stands between an author and every reader's browser. */
describe('article rendering', () => {
  it('renders Markdown: headings, lists, emphasis, tables, safe links', () => {
    const html = renderMarkdown(
      '# Saunavuorot\n\n- **Tiistai** klo 18\n- *Torstai*\n\n| Päivä | Vuoro |\n|---|---|\n| Ma | A 1 |\n\n[Ohje](https://example.com/ohje)',
    )
    expect(html).toContain('<h1>Saunavuorot</h1>')
    expect(html).toContain('<strong>Tiistai</strong>')
    expect(html).toContain('<em>Torstai</em>')
    expect(html).toContain('<td>Ma</td>')
    expect(html).toContain('href="https://example.com/ohje"')
    expect(html).toContain('rel="noopener noreferrer nofollow"')
  })

  it('strips <script> with its content, and style, iframe, object and embed', () => {
    const html = renderMarkdown(
      'Ennen\n\n<script>alert("x")</script>\n\n<iframe src="https://evil.example/"></iframe>\n\n<style>body{display:none}</style><object data="x"></object><embed src="y">\n\nJälkeen',
    )
    expect(html).not.toMatch(/<script|<iframe|<style|<object|<embed/i)
    expect(html).not.toContain('alert')
    expect(html).not.toContain('evil.example')
    expect(html).not.toContain('display:none')
    expect(html).toContain('Ennen')
    expect(html).toContain('Jälkeen')
  })

  it('strips every on* handler and forged rel/target', () => {
    const html = renderMarkdown(
      '<img src="https://example.com/a.png" onerror="alert(1)"> <a href="https://example.com" onclick="alert(2)" onmouseover="alert(3)" target="_self" rel="opener">x</a> <p onload="alert(4)">y</p>',
    )
    expect(html).not.toMatch(/\son[a-z]+=/i)
    expect(html).not.toContain('alert')
    expect(html).not.toContain('_self')
    expect(html).not.toContain('"opener"')
    expect(html).toContain('<img src="https://example.com/a.png" />')
  })

  it('drops javascript:, data: and vbscript: links in Markdown and in raw HTML, whatever their case', () => {
    const html = renderMarkdown(
      '[a](javascript:alert(1)) <a href="JaVaScRiPt:alert(2)">b</a> <a href="  javascript:alert(3)">c</a> <a href="data:text/html,<script>x</script>">d</a> <a href="vbscript:msgbox">e</a> <img src="javascript:alert(4)"> <img src="/api/auth/logout">',
    )
    expect(html).not.toMatch(/href="\s*(javascript|data|vbscript):/i)
    expect(html).not.toMatch(/src="(javascript:|\/api)/i)
    expect(html).not.toContain('<script')
  })

  it('SVG and MathML tricks do not survive', () => {
    const html = renderMarkdown(
      '<svg onload="alert(1)"><script>alert(2)</script></svg><math><mtext><img src=x onerror=alert(3)></mtext></math>',
    )
    expect(html).not.toMatch(/<svg|<math|<script|onload|onerror/i)
    expect(html).not.toContain('alert')
  })

  it('plain text for search and excerpts has no markup', () => {
    const source =
      '# Järjestyssäännöt\n\nHiljaisuus **klo 22–7**. <b>Tupakointi</b> & grillaus <script>evil()</script>'
    expect(markdownText(source)).toBe('Järjestyssäännöt Hiljaisuus klo 22–7. Tupakointi & grillaus')
    expect(excerpt('sana '.repeat(100), 30)).toMatch(/^(sana ){4,5}sana…$/)
    // Lists show the opening paragraphs, not headings or table cells.
    expect(
      excerpt('# Sauna\n\nVaraa vuoro.\n\n| Vuoro | Aika |\n|---|---|\n| A | ti |\n\nPeru ajoissa.'),
    ).toBe('Varaa vuoro. Peru ajoissa.')
  })
})
