import { createAsync, revalidate } from '@solidjs/router'
import { Match, Show, Switch } from 'solid-js'
import { t } from '../i18n/index.ts'
import { getText, type Version, versionUrl } from './data.ts'

/** Shown in the browser: raster images and PDF only (the server refuses SVG and HTML outright). */
const IMAGE = /^image\/(png|jpeg|gif|webp)$/
const PDF = 'application/pdf'
/** Office files and plain text: their extracted text, as the indexer stored it. */
const TEXT_PREVIEW = [
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/plain',
]

/**
 * The current version in a safe viewer. Images and PDF come from the inline download route,
 * which answers with `nosniff` and a sandboxing CSP; the PDF opens in the browser's own viewer
 * inside an <iframe>. Office files show the text the indexer extracted, as plain text.
 */
export function Preview(props: { orgId: string; documentId: string; title: string; version: Version }) {
  const src = () => versionUrl(props.orgId, props.documentId, props.version.version, true)
  return (
    <section class="doc-preview" aria-label={t('documents.previewOf', { title: props.title })}>
      <h3>{t('documents.preview')}</h3>
      <Switch fallback={<p class="muted">{t('documents.noPreview')}</p>}>
        <Match when={IMAGE.test(props.version.mime)}>
          <img class="doc-preview__image" src={src()} alt={props.title} />
        </Match>
        <Match when={props.version.mime === PDF}>
          <iframe
            class="doc-preview__pdf"
            src={src()}
            title={t('documents.previewOf', { title: props.title })}
          />
        </Match>
        <Match when={TEXT_PREVIEW.includes(props.version.mime)}>
          <ExtractedText orgId={props.orgId} documentId={props.documentId} />
        </Match>
      </Switch>
    </section>
  )
}

function ExtractedText(props: { orgId: string; documentId: string }) {
  const text = createAsync(() => getText(props.orgId, props.documentId))
  return (
    <Show when={text()}>
      {(x) => (
        <Switch>
          <Match when={x().status === 'ready'}>
            <section aria-label={t('documents.extractedText')}>
              {/* Focusable, so keyboard users can scroll a long text. */}
              <pre class="doc-preview__text" tabindex="0">
                {x().text}
              </pre>
            </section>
          </Match>
          <Match when={x().status === 'pending'}>
            <p class="muted">{t('documents.textPending')}</p>
            <button
              type="button"
              class="button button--secondary button--small"
              onClick={() => void revalidate(getText.key)}
            >
              {t('common.retry')}
            </button>
          </Match>
          <Match when={x().status === 'failed'}>
            <p class="muted">{t('documents.textFailed')}</p>
          </Match>
        </Switch>
      )}
    </Show>
  )
}
