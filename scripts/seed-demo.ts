import { loadConfigOrExit } from './lib/config.ts'
import { openDatabaseOrExit } from './lib/database.ts'
import { seedDemo } from './seed/demo.ts'

// Seeds the demo into the configured database (also a real one given by DATABASE_URL), once.
const config = loadConfigOrExit()
const connected = await openDatabaseOrExit(config, { purpose: 'seed:demo', create: true })
const seeded = await seedDemo(connected.db, { filesDir: config.filesDir })
console.log(
  seeded
    ? 'Seeded the demo organisations and users.'
    : 'The database already has organisations; nothing seeded.',
)
await connected.close()
