import { type LocalNames, localName } from '../../../schema/localNames.ts'
import { language } from '../i18n/index.ts'

/**
 * A category's or channel's name in the interface language (reactive): the API already sends
 * `name` in the profile's language, but the header's language menu switches before a refetch.
 */
export function nameIn(x: { name: string; names?: LocalNames | undefined }): string {
  return localName(x.names, x.name, language())
}
