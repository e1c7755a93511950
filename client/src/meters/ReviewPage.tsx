import { createAsync, useParams } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { formatDate, formatNumber, t } from '../i18n/index.ts'
import { FormError } from '../ui/Alert.tsx'
import { useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { reviewReadingAction } from './actions.ts'
import { getReview } from './data.ts'
import { unitLabel } from './unit.ts'

/** /org/:orgId/meters/review: flagged readings with the previous one beside them; accept or reject. */
export function ReviewPage() {
  const params = useParams<{ orgId: string }>()
  const review = createAsync(() => getReview(params.orgId))
  const form = useMutation(reviewReadingAction)
  const decide = (id: string, decision: 'accepted' | 'rejected') => form.run(params.orgId, id, decision)
  return (
    <Page title={t('meters.review')} intro={t('meters.reviewIntro')}>
      <FormError message={form.message()} />
      <Show when={review()} keyed>
        {(r) => (
          <Show when={r.readings.length > 0} fallback={<p class="empty">{t('meters.noReview')}</p>}>
            <ul class="meters__list">
              <For each={r.readings}>
                {(x) => (
                  <li class="card" aria-labelledby={`review-${x.id}`}>
                    <h2 class="card__title" id={`review-${x.id}`}>
                      {t(`meters.kind.${x.meter.kind}`)} ·{' '}
                      {x.apartment
                        ? t('meters.apartment', { number: x.apartment.number })
                        : t('meters.common')}{' '}
                      · {x.building.name}
                    </h2>
                    <p>
                      <strong>
                        {formatNumber(x.value)} {unitLabel(x.meter.unit)}
                      </strong>{' '}
                      ({formatDate(x.readOn)}) · {x.flagReason ? t(`meters.flagReason.${x.flagReason}`) : ''}
                    </p>
                    <Show when={x.previous} keyed>
                      {(p) => (
                        <p class="muted">
                          {t('meters.previousReading', {
                            value: formatNumber(p.value),
                            date: formatDate(p.readOn),
                          })}
                        </p>
                      )}
                    </Show>
                    <p class="muted">{x.submittedBy?.name ?? t(`meters.source.${x.source}`)}</p>
                    <div class="meters__actions">
                      {/* Every card has the same two buttons: each names its reading through the heading. */}
                      <button
                        type="button"
                        class="button"
                        aria-describedby={`review-${x.id}`}
                        onClick={() => decide(x.id, 'accepted')}
                      >
                        {t('meters.accept')}
                      </button>
                      <button
                        type="button"
                        class="button button--danger-outline"
                        aria-describedby={`review-${x.id}`}
                        onClick={() => decide(x.id, 'rejected')}
                      >
                        {t('meters.reject')}
                      </button>
                    </div>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </Page>
  )
}
