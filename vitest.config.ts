import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Two files at a time, also on a 2-core machine (vitest's default there is one): most of a
    // server test's time is spent waiting on Postgres, Redis or a child server, not on the CPU.
    // `npm test` (scripts/test.ts) runs the e2e project as a process of its own beside these.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // Contracts and rules without a database, Redis or a browser: `npm run test:unit`, seconds.
        test: {
          name: 'unit',
          include: ['schema/**/*.test.ts', 'scripts/importRules.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: [
            'server/**/*.test.ts',
            'api/**/*.test.ts',
            'collab-server/**/*.test.ts',
            'indexer/**/*.test.ts',
            'integration/**/*.test.ts',
            'scripts/**/*.test.ts',
            // bench:busy's raw writers (that they load the server as real clients do).
            'bench/**/*.test.ts',
            // Plain client modules without the DOM (client/src/ui/latestWins.ts).
            'client/src/**/*.test.ts',
          ],
          exclude: [...configDefaults.exclude, 'scripts/importRules.test.ts'],
          environment: 'node',
          // A worker runs file after file in one process instead of a new process per file: the
          // app's modules are evaluated, PGlite's WASM compiled and the JIT warmed once per worker,
          // not once per file (on 12 files: 81 → 45 CPU s, 174 → 117 s at load 12). Each file
          // still gets its own database, Redis prefix and PGlite (the setup files below run again
          // before each file); what a file changes in the process (an environment variable) it
          // puts back in its afterAll.
          isolate: false,
          // Migrates one PGlite once per run (each test's PGlite loads that snapshot) and, with
          // DATABASE_URL, one Postgres template (each file's own database is cloned from it).
          globalSetup: ['server/test/globalSetup.ts', 'server/test/postgresTemplate.ts'],
          // A Postgres database and a Redis channel prefix per file (server/test/postgresPerFile.ts
          // and redisPerFile.ts say why); `vi.waitFor` without a timeout waits up to 10 s
          // (server/test/setup.ts says why).
          setupFiles: [
            'server/test/postgresPerFile.ts',
            'server/test/redisPerFile.ts',
            'server/test/setup.ts',
          ],
          testTimeout: 30_000,
          // `expect.poll` without a timeout also means "eventually" (see server/test/setup.ts).
          expect: { poll: { timeout: 10_000 } },
          // Starting PGlite still takes seconds: give it room on a busy 2-core machine.
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          // Seeds one demo DATA_DIR once per run; each file's server starts on a copy of it.
          globalSetup: ['e2e/support/globalSetup.ts'],
          // Each file in a fresh module graph (vitest's default), unlike the server project: every
          // file's server runs on a clone of the same seeded demo, so every file has the same ids,
          // and module state one file's server left behind was read by the next file's (session
          // 14 tried `isolate: false`: 2 of 4 runs failed, in e2e/communications and foundation).
          isolate: true,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // A page's poll without its own timeout means "eventually": vitest's 1 s default is
          // shorter than one search round trip on the loaded CI machine (e2e/search failed on it).
          expect: { poll: { timeout: 10_000 } },
          // Two files at a time, each with its own server on its own clone of the seeded demo and
          // its own contexts in the run's one Chromium. One at a time left a core idle for the
          // last few minutes of every CI run, once the server files were done.
          maxWorkers: 2,
        },
      },
    ],
  },
})
