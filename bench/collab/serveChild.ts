/** A benchmark server's child process: `node bench/collab/serveChild.ts <kind> [redis]`. */
import { type Kind, serve } from './servers.ts'

await serve(process.argv[2] as Kind)
