import { z } from 'zod'
import type { Column } from './common.ts'

/** Report 6, portfolio overview: the investor's landing page. */
export const PortfolioParams = z.strictObject({})
export type PortfolioParams = z.infer<typeof PortfolioParams>

export const PORTFOLIO_COLUMNS: Column[] = [
  { key: 'property', label: 'property', kind: 'text' },
  { key: 'apartments', label: 'apartmentsHeld', kind: 'int' },
  { key: 'area', label: 'area', kind: 'area' },
  { key: 'shares', label: 'shares', kind: 'int' },
  { key: 'shareOfProperty', label: 'shareOfProperty', kind: 'percent' },
  { key: 'billed12', label: 'billed12', kind: 'cents' },
  { key: 'outstanding', label: 'outstanding', kind: 'cents' },
  { key: 'loanRemaining', label: 'loanRemaining', kind: 'cents' },
  { key: 'openCases', label: 'openCases', kind: 'int' },
]
