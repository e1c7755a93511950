import { A, useLocation } from '@solidjs/router'
import { createEffect, ErrorBoundary, type JSX, on, Show } from 'solid-js'
import { ApiError } from '../api.ts'
import { t } from '../i18n/index.ts'
import { Button } from './Button.tsx'
import { EmptyState } from './EmptyState.tsx'
import { errorMessage } from './errors.ts'
import { IconAlert, IconArrowLeft, IconRefresh } from './icons.ts'

/**
 * The error boundary of a route inside the shell: a missing or forbidden object, or a failed
 * load, replaces only the page — the header and navigation stay — and says what happened in the
 * user's language with a way back. "Try again" is offered only when trying again can help
 * (not for 403/404). Moving to another page clears the error.
 */
export function RouteErrorBoundary(props: { children: JSX.Element }) {
  const location = useLocation()
  return (
    <ErrorBoundary
      fallback={(error, reset) => {
        console.error('[kotipiha] page failed', error)
        createEffect(on(() => location.pathname, reset, { defer: true }))
        return <RouteError error={error} retry={reset} />
      }}
    >
      {props.children}
    </ErrorBoundary>
  )
}

export function RouteError(props: { error: unknown; retry: () => void }) {
  const status = () => (props.error instanceof ApiError ? props.error.status : 0)
  const kind = () => (status() === 404 ? 'notFound' : status() === 403 ? 'forbidden' : 'generic')
  const title = () =>
    kind() === 'notFound'
      ? t('ui.routeError.notFoundTitle')
      : kind() === 'forbidden'
        ? t('ui.routeError.forbiddenTitle')
        : t('ui.routeError.genericTitle')
  const text = () =>
    kind() === 'notFound'
      ? t('ui.routeError.notFound')
      : kind() === 'forbidden'
        ? t('ui.routeError.forbidden')
        : errorMessage(props.error)
  createEffect(() => {
    document.title = `${title()} · ${t('app.name')}`
  })
  // role="alert": the page the user asked for was replaced by this message, so a screen reader
  // announces it instead of leaving them on a silent page.
  return (
    <section class="page route-error" role="alert">
      <EmptyState
        titleAs="h1"
        icon={IconAlert}
        title={title()}
        text={text()}
        action={
          <div class="route-error__actions">
            <Show when={window.history.length > 1}>
              <Button variant="secondary" icon={IconArrowLeft} onClick={() => window.history.back()}>
                {t('ui.routeError.back')}
              </Button>
            </Show>
            <A href="/" class="button button--secondary">
              {t('ui.routeError.home')}
            </A>
            <Show when={kind() === 'generic'}>
              <Button icon={IconRefresh} onClick={() => props.retry()}>
                {t('common.retry')}
              </Button>
            </Show>
          </div>
        }
      />
    </section>
  )
}
