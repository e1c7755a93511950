import { createAsync } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { language, type MessageKey, t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { createConfirm } from '../ui/confirm.tsx'
import { ConfirmDialog } from '../ui/Dialog.tsx'
import { errorMessage } from '../ui/errors.ts'
import { useMutation } from '../ui/mutation.ts'
import {
  type Booking,
  cancelBookingAction,
  createFeedUrl,
  formatInterval,
  getMine,
  refusalOf,
  revokeFeedUrl,
} from './data.ts'

/** "My bookings": upcoming bookings of my apartments, each with cancel. */
export function MyBookings(props: { orgId: string }) {
  const mine = createAsync(() => getMine(props.orgId))
  const [cancelling, setCancelling] = createSignal<Booking>()
  const cancel = useMutation(cancelBookingAction)
  const pending = cancel.pending
  // A cancellation too close to the start is refused by a rule, said in its own words.
  const error = () => {
    const e = cancel.error()
    if (e === undefined) return undefined
    const r = refusalOf(e)
    return r.kind === 'rule' ? t(`bookings.rule.${r.rule}` as MessageKey) : errorMessage(e)
  }
  const [notice, setNotice] = createSignal<string>()

  async function confirm() {
    const b = cancelling()
    if (!b) return
    if (!(await cancel.run(props.orgId, b.id))) return
    setCancelling(undefined)
    setNotice(t('bookings.cancelled'))
  }

  return (
    <section class="mine" aria-labelledby="mine-heading">
      <h2 id="mine-heading">{t('bookings.mine')}</h2>
      <Show when={notice()}>
        <Alert kind="success">{notice()}</Alert>
      </Show>
      <Show when={mine()} keyed>
        {(m) => (
          <Show when={m.bookings.length > 0} fallback={<p class="empty">{t('bookings.noMine')}</p>}>
            <ul class="mine__list">
              <For each={m.bookings}>
                {(b) => (
                  <li class="mine__item">
                    <span>
                      <strong>{b.resourceName}</strong>
                      <br />
                      {formatInterval(b, language())}
                      <Show when={b.apartmentNumber}>
                        <span class="muted"> · {b.apartmentNumber}</span>
                      </Show>
                    </span>
                    <button
                      type="button"
                      class="button button--danger-outline button--small"
                      aria-label={`${t('bookings.cancel')}: ${b.resourceName} ${formatInterval(b, language())}`}
                      onClick={() => {
                        setNotice(undefined)
                        cancel.reset()
                        setCancelling(b)
                      }}
                    >
                      {t('bookings.cancel')}
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
      <ConfirmDialog
        open={cancelling() !== undefined}
        title={t('bookings.cancelTitle')}
        message={
          cancelling()
            ? `${cancelling()?.resourceName}, ${formatInterval(cancelling() as Booking, language())}`
            : undefined
        }
        confirmLabel={t('bookings.cancel')}
        danger
        pending={pending()}
        error={error()}
        onConfirm={() => void confirm()}
        onCancel={() => setCancelling(undefined)}
      />
    </section>
  )
}

/** The secret ICS address of my bookings: create (replacing the old one) or turn off. */
export function FeedLink() {
  const [url, setUrl] = createSignal<string>()
  const [message, setMessage] = createSignal<string>()
  const [error, setError] = createSignal<string>()
  const run = async (work: () => Promise<void>) => {
    setError(undefined)
    setMessage(undefined)
    try {
      await work()
    } catch (e) {
      setError(errorMessage(e))
    }
  }
  // Calendars subscribed to the old link stop updating, and it cannot be turned back on.
  const confirm = createConfirm()
  return (
    <section class="feed" aria-labelledby="feed-heading">
      <h2 id="feed-heading">{t('bookings.feed')}</h2>
      {confirm.view()}
      <p class="muted">{t('bookings.feedIntro')}</p>
      <Show when={error()}>
        <Alert kind="error">{error()}</Alert>
      </Show>
      <Show when={message()}>
        <Alert kind="success">{message()}</Alert>
      </Show>
      <Show when={url()}>
        <div class="field">
          <label for="feed-url">{t('bookings.feedUrl')}</label>
          <input
            id="feed-url"
            readOnly
            value={url()}
            onFocus={(e) => e.currentTarget.select()}
            aria-describedby="feed-once"
          />
          <p class="field__hint" id="feed-once">
            {t('bookings.feedOnce')}
          </p>
        </div>
      </Show>
      <div class="feed__actions">
        <button
          type="button"
          class="button button--secondary"
          onClick={() =>
            void run(async () => {
              setUrl((await createFeedUrl()).url)
            })
          }
        >
          {t('bookings.feedCreate')}
        </button>
        <button
          type="button"
          class="button button--quiet"
          onClick={() =>
            confirm.ask({
              title: `${t('bookings.feedRevoke')}?`,
              message: `${t('bookings.feedRevoked')} ${t('ui.confirm.cannotUndo')}`,
              confirmLabel: t('bookings.feedRevoke'),
              run: async () => {
                setError(undefined)
                await revokeFeedUrl()
                setUrl(undefined)
                setMessage(t('bookings.feedRevoked'))
              },
            })
          }
        >
          {t('bookings.feedRevoke')}
        </button>
      </div>
    </section>
  )
}
