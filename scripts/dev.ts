import { spawn } from 'node:child_process'
import { loadConfigOrExit } from './lib/config.ts'
import { startAll } from './lib/startAll.ts'
import { stopOnSignal } from './lib/stopOnSignal.ts'

// `npm run dev`: api, collab and indexer on PORT without built files, and Vite with hot reload
// proxying /api and /collab to it.
const config = loadConfigOrExit()
// The browser talks to Vite's origin; the collab server accepts its cookie from there too.
const app = await startAll(config, { serveClient: false, extraOrigins: ['http://localhost:5173'] })
const vite = spawn(process.execPath, ['node_modules/vite/bin/vite.js'], { stdio: 'inherit' })
stopOnSignal(async () => {
  vite.kill()
  await app.close()
})
console.log(`[kotipiha] api and collab on :${config.port}; open the Vite URL above (http://localhost:5173)`)
