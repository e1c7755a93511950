/** Test data for onboarding: valid, unique Finnish business IDs and an apartments CSV. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2]

export function newBusinessId(): string {
  for (;;) {
    const digits = Array.from(crypto.getRandomValues(new Uint8Array(7)), (b) => b % 10)
    const remainder = digits.reduce((a, d, i) => a + d * WEIGHTS[i]!, 0) % 11
    if (remainder === 1) continue
    return `${digits.join('')}-${remainder === 0 ? 0 : 11 - remainder}`
  }
}

/** `count` apartments over two buildings (A, B) with staircases, as a manager's CSV. */
export function apartmentsCsv(count: number, extra: string[] = []): string {
  const lines = ['building,address,staircase,number,areaM2,shareCount']
  for (let i = 1; i <= count; i++) {
    const building = i <= count / 2 ? 'Talo A' : 'Talo B'
    const stair = i % 2 === 0 ? 'A' : 'B'
    lines.push(
      `${building},Koivukuja ${building.at(-1)},${stair},${stair} ${i},"${40 + (i % 30)},5",${400 + i}`,
    )
  }
  return [...lines, ...extra].join('\n')
}
