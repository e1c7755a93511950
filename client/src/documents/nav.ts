import { registerOrgNavItem } from '../shell/slots.ts'

/** "Documents" in every active organisation: each member reads the folders their role may. */
export function registerDocumentsNav(): void {
  registerOrgNavItem({
    path: 'documents',
    label: 'documents.nav',
    visible: (org) => org.status === 'active',
  })
}
