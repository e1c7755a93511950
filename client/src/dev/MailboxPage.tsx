import { A, createAsync } from '@solidjs/router'
import { ErrorBoundary, For, Show, Suspense } from 'solid-js'
import { ApiError, api } from '../api.ts'
import { formatDateTime, t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { errorMessage } from '../ui/errors.ts'
import { Loading, Page } from '../ui/Page.tsx'

interface Mail {
  id: string
  to: string
  subject: string
  body: string
  kind: string
  createdAt: string
}

/**
 * Demo mode only: the outgoing emails, with their links made clickable. The server shows them
 * only on this computer (loopback) or to a platform admin, and the page says so.
 */
export function MailboxPage() {
  return (
    <Page title={t('mailbox.title')} intro={t('mailbox.intro')} wide>
      <p class="muted">{t('mailbox.access')}</p>
      <ErrorBoundary
        fallback={(error) => (
          <Alert kind="error">
            {error instanceof ApiError && error.code === 'forbidden'
              ? t('mailbox.refused')
              : errorMessage(error)}
          </Alert>
        )}
      >
        <Suspense fallback={<Loading />}>
          <Messages />
        </Suspense>
      </ErrorBoundary>
      <p>
        <A href="/">{t('nav.home')}</A>
      </p>
    </Page>
  )
}

function Messages() {
  const messages = createAsync(() => api.get<{ messages: Mail[] }>('/dev/mailbox').then((r) => r.messages))
  return (
    <Show when={messages()} keyed>
      {(list) => (
        <Show when={list.length > 0} fallback={<p class="empty">{t('mailbox.empty')}</p>}>
          <ul class="mails">
            <For each={list}>
              {(mail) => (
                <li class="mail">
                  <article>
                    <h2 class="mail__subject">{mail.subject}</h2>
                    <p class="mail__meta">
                      {t('mailbox.to')}: <strong>{mail.to}</strong> · {mail.kind} ·{' '}
                      {formatDateTime(mail.createdAt)}
                    </p>
                    <MailBody text={mail.body} />
                  </article>
                </li>
              )}
            </For>
          </ul>
        </Show>
      )}
    </Show>
  )
}

/** Plain-text body with http(s) links turned into same-tab links (no HTML is interpreted). */
function MailBody(props: { text: string }) {
  const parts = () => props.text.split(/(https?:\/\/\S+)/g)
  return (
    <p class="mail__body">
      <For each={parts()}>
        {(part) => (part.match(/^https?:\/\//) ? <a href={sameOrigin(part)}>{part}</a> : part)}
      </For>
    </p>
  )
}

/** Links in demo mail point at PUBLIC_URL; open them on this origin so the demo works anywhere. */
function sameOrigin(link: string): string {
  try {
    const url = new URL(link)
    return `${url.pathname}${url.search}${url.hash}`
  } catch {
    return link
  }
}
