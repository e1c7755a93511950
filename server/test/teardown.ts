/** Waits up to 30 s for a teardown step; one that does not end is reported on stderr by name. */
export async function teardownStep(name: string, work: Promise<void> | undefined): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const stalled = new Promise<'stalled'>((resolve) => {
    timer = setTimeout(() => resolve('stalled'), 30_000)
  })
  try {
    if ((await Promise.race([work, stalled])) === 'stalled')
      console.error(`[test teardown] ${name} did not end in 30 s; left behind`)
  } finally {
    clearTimeout(timer)
  }
}
