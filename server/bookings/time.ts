// The wall-clock arithmetic lives in schema/ so the client computes the same turns ("next free").
export * from '../../schema/bookingTime.ts'
