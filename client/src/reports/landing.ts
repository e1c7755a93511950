import { useNavigate } from '@solidjs/router'
import { createEffect } from 'solid-js'
import type { MeOrganisation } from '../../../schema/api/users.ts'

const INVESTOR_ROLES = new Set(['investor', 'portfolio_manager', 'investor_representative'])

/**
 * The investor portal is where investors land: someone whose only organisation is one investor
 * portfolio, with an investor role there, goes from the home page straight to its portfolio.
 */
export function useInvestorLanding(orgs: () => readonly MeOrganisation[]): void {
  const navigate = useNavigate()
  createEffect(() => {
    const list = orgs()
    const only = list.length === 1 ? list[0] : undefined
    if (only?.kind === 'investor_portfolio' && only.roles.some((r) => INVESTOR_ROLES.has(r))) {
      navigate(`/org/${only.id}/portfolio`, { replace: true })
    }
  })
}
