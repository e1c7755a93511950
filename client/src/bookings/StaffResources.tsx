import { revalidate } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { errorMessage } from '../ui/errors.ts'
import { lengthLabel } from './BookDialog.tsx'
import { getOverview, type Overview, type Resource, setResourceActive } from './data.ts'

/** Staff: every resource with its main rules, taken in and out of use. (Rule editing: API only.) */
export function StaffResources(props: { orgId: string; overview: Overview }) {
  const [error, setError] = createSignal<string>()
  const category = (r: Resource) => props.overview.categories.find((c) => c.id === r.categoryId)?.name ?? ''
  const quota = (r: Resource) => props.overview.quotaGroups.find((q) => q.id === r.quotaGroupId)
  const rules = (r: Resource) =>
    r.mode === 'slots'
      ? t('bookings.slotsOf', { length: lengthLabel(r.gridMinutes) })
      : t('bookings.freeLength', { min: lengthLabel(r.minMinutes), max: lengthLabel(r.maxMinutes) })
  async function toggle(r: Resource) {
    setError(undefined)
    try {
      await setResourceActive(props.orgId, r.id, !r.active)
      await revalidate(getOverview.key)
    } catch (e) {
      setError(errorMessage(e))
    }
  }
  return (
    <section class="staff-resources" aria-labelledby="staff-heading">
      <h2 id="staff-heading">{t('bookings.staffTitle')}</h2>
      <Show when={error()}>
        <Alert kind="error">{error()}</Alert>
      </Show>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('bookings.resource')}</th>
              <th scope="col">{t('bookings.category')}</th>
              <th scope="col">{t('bookings.rules')}</th>
              <th scope="col">{t('bookings.state')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.overview.resources}>
              {(r) => (
                <tr>
                  <th scope="row">{r.name}</th>
                  <td>{category(r)}</td>
                  <td>
                    {rules(r)}
                    <Show when={quota(r)} keyed>
                      {(q) => (
                        <span class="muted"> · {t('bookings.quota', { n: q.maxActive, group: q.name })}</span>
                      )}
                    </Show>
                  </td>
                  <td>
                    <button
                      type="button"
                      class="button button--secondary button--small"
                      onClick={() => void toggle(r)}
                    >
                      {r.active ? t('bookings.deactivate') : t('bookings.activate')}
                    </button>
                    <span class="muted"> {r.active ? t('bookings.active') : t('bookings.inactive')}</span>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </section>
  )
}
