import { createSignal, For } from 'solid-js'
import { type MessageKey, t } from '../i18n/index.ts'
import { FormError } from '../ui/Alert.tsx'
import { Button } from '../ui/Button.tsx'
import { SelectField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { toast } from '../ui/Toast.tsx'
import { saveDetailsAction } from './actions.ts'
import type { OrgStructure } from './data.ts'
import { IdentityFields } from './IdentityFields.tsx'

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const

/**
 * An organisation's name, business ID, address and fiscal year (PATCH /api/orgs/:id). Only what
 * changed is sent, so a business ID left as it was is not re-validated against the register.
 */
export function DetailsForm(props: { organisation: OrgStructure['organisation'] }) {
  const form = useMutation(saveDetailsAction)
  const initial = {
    name: props.organisation.name,
    businessId: props.organisation.business_id ?? '',
    address: props.organisation.address ?? '',
    fiscalYearStartMonth: String(props.organisation.fiscal_year_start_month),
  }
  const [values, setValues] = createSignal(initial)
  const [saved, setSaved] = createSignal(initial)
  const set = (key: keyof typeof initial, value: string) => {
    if (form.field(key)) form.reset()
    setValues({ ...values(), [key]: value })
  }

  async function save(e: SubmitEvent) {
    e.preventDefault()
    const v = values()
    const before = saved()
    const body: Record<string, string | number> = {}
    if (v.name.trim() !== before.name) body.name = v.name.trim()
    if (v.businessId.trim() !== before.businessId) body.businessId = v.businessId.trim()
    if (v.address.trim() !== before.address) body.address = v.address.trim()
    if (v.fiscalYearStartMonth !== before.fiscalYearStartMonth)
      body.fiscalYearStartMonth = Number(v.fiscalYearStartMonth)
    if (Object.keys(body).length === 0) {
      toast({ message: t('orgSettings.nothingChanged'), tone: 'info' })
      return
    }
    // The action refreshes the menu's organisations and this page's structure before it resolves.
    const done = await form.run(props.organisation.id, body)
    if (!done) return
    setSaved({ ...v, name: v.name.trim(), businessId: v.businessId.trim(), address: v.address.trim() })
    toast({ message: t('orgSettings.detailsSaved') })
  }

  return (
    <section aria-labelledby="org-details">
      <h2 id="org-details">{t('orgSettings.details')}</h2>
      <form class="stack settings-form" novalidate onSubmit={save}>
        <FormError message={form.message()} />
        <IdentityFields values={values()} set={set} error={form.field} />
        <SelectField
          label={t('orgSettings.fiscalYear')}
          name="fiscalYearStartMonth"
          value={values().fiscalYearStartMonth}
          error={form.field('fiscalYearStartMonth')}
          onChange={(e) => set('fiscalYearStartMonth', e.currentTarget.value)}
        >
          <For each={MONTHS}>
            {(m) => <option value={String(m)}>{t(`orgSettings.month.m${m}` as MessageKey)}</option>}
          </For>
        </SelectField>
        <Button type="submit" pending={form.pending()}>
          {t('orgSettings.saveDetails')}
        </Button>
      </form>
    </section>
  )
}
