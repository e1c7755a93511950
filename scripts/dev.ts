import { spawn } from 'node:child_process'
import { startHttpServer } from '../api/server.ts'
import { loadConfigOrExit } from './lib/config.ts'

// `npm run dev`: the server on PORT without built files, and Vite with hot reload proxying to it.
const config = loadConfigOrExit()
await startHttpServer(config, { serveClient: false })
const vite = spawn(process.execPath, ['node_modules/vite/bin/vite.js'], { stdio: 'inherit' })
console.log(`[kotipiha] api on :${config.port}; open the Vite URL above (http://localhost:5173)`)
process.once('SIGINT', () => {
  vite.kill()
  process.exit(0)
})
