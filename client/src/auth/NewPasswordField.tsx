import type { ComponentProps } from 'solid-js'
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../schema/api/common.ts'
import { t } from '../i18n/index.ts'
import { Field } from '../ui/Field.tsx'

/**
 * A field for choosing a password (reset, accepting an invitation, registering a partner, the
 * profile): the server's length rule as minlength/maxlength, the hint that says it, and the
 * autocomplete that lets a password manager offer a strong one. One place, so the four agree
 * (two of them had no maxlength).
 */
export function NewPasswordField(
  props: Omit<ComponentProps<typeof Field>, 'type' | 'autocomplete' | 'minlength' | 'maxLength' | 'hint'>,
) {
  return (
    <Field
      type="password"
      autocomplete="new-password"
      minlength={PASSWORD_MIN}
      maxLength={PASSWORD_MAX}
      required
      hint={t('reset.hint')}
      {...props}
    />
  )
}
