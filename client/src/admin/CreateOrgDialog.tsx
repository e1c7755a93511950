import { createSignal } from 'solid-js'
import { t } from '../i18n/index.ts'
import { IdentityFields } from '../orgs/IdentityFields.tsx'
import { FormError } from '../ui/Alert.tsx'
import { Button } from '../ui/Button.tsx'
import { Dialog } from '../ui/Dialog.tsx'
import { SelectField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { createOrgAction } from './data.ts'

type Kind = 'management_company' | 'investor_portfolio'

/**
 * A platform admin creates a management company or an investor portfolio (POST
 * /api/onboarding/organisations). Empty optional fields are left out rather than sent blank, so
 * the business ID is validated only when given.
 */
export function CreateOrgDialog(props: {
  open: boolean
  onClose: () => void
  onCreated: (name: string) => void
}) {
  const form = useMutation(createOrgAction)
  const empty = { kind: 'management_company' as Kind, name: '', businessId: '', address: '' }
  const [values, setValues] = createSignal(empty)
  const set = (key: keyof typeof empty, value: string) => {
    if (form.field(key)) form.reset()
    setValues({ ...values(), [key]: value })
  }
  async function create(e: SubmitEvent) {
    e.preventDefault()
    const v = values()
    const body = {
      kind: v.kind,
      name: v.name.trim(),
      ...(v.businessId.trim() ? { businessId: v.businessId.trim() } : {}),
      ...(v.address.trim() ? { address: v.address.trim() } : {}),
    }
    const done = await form.run(body)
    if (!done) return
    setValues(empty)
    props.onCreated(body.name)
  }
  return (
    <Dialog open={props.open} title={t('orgSettings.create.title')} onClose={() => props.onClose()}>
      <form class="stack" novalidate onSubmit={create}>
        <p>{t('orgSettings.create.intro')}</p>
        <FormError message={form.message()} />
        <SelectField
          label={t('orgSettings.create.kind')}
          name="kind"
          value={values().kind}
          onChange={(e) => set('kind', e.currentTarget.value)}
        >
          <option value="management_company">{t('orgKind.management_company')}</option>
          <option value="investor_portfolio">{t('orgKind.investor_portfolio')}</option>
        </SelectField>
        <IdentityFields values={values()} set={set} error={form.field} />
        <div class="dialog__actions">
          <button type="button" class="button button--secondary" onClick={() => props.onClose()}>
            {t('common.cancel')}
          </button>
          <Button type="submit" pending={form.pending()}>
            {t('orgSettings.create.create')}
          </Button>
        </div>
      </form>
    </Dialog>
  )
}
