import { z } from 'zod'
import { type Column, Id, Year } from './common.ts'

/**
 * Report 10, service and consumption (maintenance staff, manager, board): service visits (cases
 * done) per building and month, board tasks done per month, and meter consumption per building
 * and per apartment in the year against the previous year.
 */
export const ServiceParams = z.strictObject({
  year: Year.optional(),
  buildingId: Id.optional(),
})
export type ServiceParams = z.infer<typeof ServiceParams>

export const SERVICE_VISIT_COLUMNS: Column[] = [
  { key: 'building', label: 'building', kind: 'text' },
  { key: 'month', label: 'month', kind: 'month' },
  { key: 'visits', label: 'visits', kind: 'int' },
]

export const SERVICE_TASK_COLUMNS: Column[] = [
  { key: 'month', label: 'month', kind: 'month' },
  { key: 'tasksDone', label: 'tasksDone', kind: 'int' },
]

/** Consumption is summed per meter kind and unit, never across units. */
const CONSUMPTION: Column[] = [
  { key: 'meterKind', label: 'meterKind', kind: 'text', values: 'meterKind' },
  { key: 'unit', label: 'unit', kind: 'text' },
  { key: 'current', label: 'consumption', kind: 'quantity' },
  { key: 'previous', label: 'previousYear', kind: 'quantity' },
  { key: 'change', label: 'change', kind: 'percent' },
]

export const CONSUMPTION_BUILDING_COLUMNS: Column[] = [
  { key: 'building', label: 'building', kind: 'text' },
  ...CONSUMPTION,
]

export const CONSUMPTION_APARTMENT_COLUMNS: Column[] = [
  { key: 'building', label: 'building', kind: 'text' },
  { key: 'apartment', label: 'apartment', kind: 'text' },
  ...CONSUMPTION,
]
