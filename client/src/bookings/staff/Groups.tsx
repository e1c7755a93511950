import { revalidate } from '@solidjs/router'
import { createSignal, For } from 'solid-js'
import { t } from '../../i18n/index.ts'
import { FormError } from '../../ui/Alert.tsx'
import { Field } from '../../ui/Field.tsx'
import { createFormState } from '../../ui/form.ts'
import { getOverview, type Overview } from '../data.ts'
import { CategoryNames } from './CategoryNames.tsx'
import { createQuotaGroup, updateQuotaGroup } from './staffData.ts'

/**
 * Categories (how residents find resources) and quota groups (at most N active bookings per
 * apartment across the group's resources, e.g. two laundry slots).
 */
export function Groups(props: { orgId: string; overview: Overview }) {
  const form = createFormState()
  const [group, setGroup] = createSignal('')
  const [max, setMax] = createSignal(2)
  const refresh = () => revalidate(getOverview.key)

  async function addGroup(e: SubmitEvent) {
    e.preventDefault()
    if (await form.run(() => createQuotaGroup(props.orgId, group(), max()))) {
      setGroup('')
      await refresh()
    }
  }
  return (
    <section class="staff-block" aria-labelledby="groups-title">
      <h3 id="groups-title">{t('bookingStaff.groupsTitle')}</h3>
      <FormError message={form.message()} />
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
                      void form.run(() => updateQuotaGroup(props.orgId, q.id, { maxActive })).then(refresh)
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
            <button type="submit" class="button button--secondary" disabled={form.pending()}>
              {t('bookingStaff.add')}
            </button>
          </form>
        </div>
      </div>
    </section>
  )
}
