import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: [
            'schema/**/*.test.ts',
            'server/**/*.test.ts',
            'api/**/*.test.ts',
            'collab-server/**/*.test.ts',
            'indexer/**/*.test.ts',
            'integration/**/*.test.ts',
            'scripts/**/*.test.ts',
            // Plain client modules without the DOM (client/src/ui/latestWins.ts).
            'client/src/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 30_000,
          // PGlite runs every migration at start-up: give it room on a busy 2-core machine.
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
