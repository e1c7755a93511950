import { t } from '../i18n/index.ts'
import { Field } from '../ui/Field.tsx'

/** The three fields that say which organisation it is. */
export interface OrgIdentity {
  name: string
  businessId: string
  address: string
}

/**
 * An organisation's name, business ID and address: one set of fields (labels, autocomplete, the
 * business-ID hint) for the admin's "create organisation" dialog and the organisation's settings.
 */
export function IdentityFields(props: {
  values: OrgIdentity
  set: (key: keyof OrgIdentity, value: string) => void
  error: (key: keyof OrgIdentity) => string | undefined
}) {
  return (
    <>
      <Field
        label={t('orgSettings.name')}
        name="name"
        autocomplete="organization"
        required
        value={props.values.name}
        error={props.error('name')}
        onInput={(e) => props.set('name', e.currentTarget.value)}
      />
      <Field
        label={t('orgSettings.businessId')}
        hint={t('orgSettings.businessIdHint')}
        name="businessId"
        autocomplete="off"
        value={props.values.businessId}
        error={props.error('businessId')}
        onInput={(e) => props.set('businessId', e.currentTarget.value)}
      />
      <Field
        label={t('orgSettings.address')}
        name="address"
        autocomplete="street-address"
        value={props.values.address}
        error={props.error('address')}
        onInput={(e) => props.set('address', e.currentTarget.value)}
      />
    </>
  )
}
