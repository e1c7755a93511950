import { createSignal, For } from 'solid-js'
import { t } from '../../i18n/index.ts'
import { FormError } from '../../ui/Alert.tsx'
import { Field } from '../../ui/Field.tsx'
import { useMutation } from '../../ui/mutation.ts'
import type { Overview } from '../data.ts'
import { createQuotaGroupAction, updateQuotaGroupAction } from './actions.ts'
import { CategoryNames } from './CategoryNames.tsx'

/**
 * Categories (how residents find resources) and quota groups (at most N active bookings per
 * apartment across the group's resources, e.g. two laundry slots).
 */
export function Groups(props: { orgId: string; overview: Overview }) {
  const adding = useMutation(createQuotaGroupAction)
  const updating = useMutation(updateQuotaGroupAction)
  const [group, setGroup] = createSignal('')
  const [max, setMax] = createSignal(2)

  async function addGroup(e: SubmitEvent) {
    e.preventDefault()
    if (await adding.run(props.orgId, group(), max())) setGroup('')
  }
  return (
    <section class="staff-block" aria-labelledby="groups-title">
      <h3 id="groups-title">{t('bookingStaff.groupsTitle')}</h3>
      <FormError message={adding.message() ?? updating.message()} />
      <div class="staff-columns">
        <div class="stack">
          <h4>{t('bookingStaff.categories')}</h4>
          <CategoryNames orgId={props.orgId} overview={props.overview} />
        </div>
        <div class="stack">
          <h4>{t('bookingStaff.quotaGroups')}</h4>
          <ul class="staff-list">
            <For each={props.overview.quotaGroups}>
              {(q) => (
                <li>
                  <Field
                    label={t('bookingStaff.quotaMaxOf', { group: q.name })}
                    type="number"
                    min={1}
                    max={100}
                    value={q.maxActive}
                    onChange={(e) => {
                      const maxActive = Number(e.currentTarget.value)
                      void updating.run(props.orgId, q.id, { maxActive })
                    }}
                  />
                </li>
              )}
            </For>
          </ul>
          <form class="inline-form" onSubmit={addGroup} novalidate>
            <Field
              label={t('bookingStaff.newQuotaGroup')}
              value={group()}
              required
              maxLength={100}
              onInput={(e) => setGroup(e.currentTarget.value)}
            />
            <Field
              label={t('bookingStaff.quotaMax')}
              type="number"
              min={1}
              max={100}
              value={max()}
              onInput={(e) => setMax(Number(e.currentTarget.value))}
            />
            <button type="submit" class="button button--secondary" disabled={adding.pending()}>
              {t('bookingStaff.add')}
            </button>
          </form>
        </div>
      </div>
    </section>
  )
}
