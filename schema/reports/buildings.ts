import { z } from 'zod'
import { type Column, Id, Year } from './common.ts'

/** Report 1, buildings and spaces: structure, occupancy and booking hours per space per month. */
export const BuildingsParams = z.strictObject({ year: Year.optional(), buildingId: Id.optional() })
export type BuildingsParams = z.infer<typeof BuildingsParams>

export const BUILDING_COLUMNS: Column[] = [
  { key: 'building', label: 'building', kind: 'text' },
  { key: 'staircases', label: 'staircases', kind: 'int' },
  { key: 'apartments', label: 'apartments', kind: 'int' },
  { key: 'area', label: 'area', kind: 'area' },
  { key: 'shares', label: 'shares', kind: 'int' },
  { key: 'occupied', label: 'occupied', kind: 'int' },
]
export const APARTMENT_COLUMNS: Column[] = [
  { key: 'building', label: 'building', kind: 'text' },
  { key: 'apartment', label: 'apartment', kind: 'text' },
  { key: 'area', label: 'area', kind: 'area' },
  { key: 'shares', label: 'shares', kind: 'int' },
  { key: 'occupied', label: 'occupied', kind: 'int' },
]
export const SPACE_COLUMNS: Column[] = [
  { key: 'space', label: 'space', kind: 'text' },
  { key: 'category', label: 'category', kind: 'text' },
  { key: 'bookings', label: 'bookings', kind: 'int' },
  { key: 'hours', label: 'hours', kind: 'int' },
]
