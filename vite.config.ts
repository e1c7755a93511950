import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { defineConfig, type Plugin } from 'vite'
import solid from 'vite-plugin-solid'

/**
 * Brotli and gzip copies of the built text files next to them, which the API's static handler
 * serves as they are (`precompressed`, api/httpServer.ts): the 600 KB script goes to a phone as about
 * 170 KB, compressed once at build time instead of on every request.
 */
function precompress(): Plugin {
  let outDir = ''
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory() ? walk(path) : [path]
    })
  return {
    name: 'kotipiha-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
    },
    closeBundle() {
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json)$/.test(file)) continue
        const bytes = readFileSync(file)
        if (bytes.byteLength < 1024) continue
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }),
        )
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }))
      }
    },
  }
}

/**
 * The modules the entry imports statically (what the browser must run before the first render),
 * found after the module graph is built and before chunks are made. They go into one chunk:
 * left to automatic chunking they were 43 files, which a phone on HTTP/1.1 fetches six at a time,
 * one round trip per batch (Lighthouse's network chain on the home page). Page chunks, loaded on
 * navigation, keep their own chunking.
 */
function firstPage(): { plugin: Plugin; test: (id: string) => boolean } {
  const initial = new Set<string>()
  let entry = ''
  return {
    test: (id) => id !== entry && initial.has(id),
    plugin: {
      name: 'kotipiha-first-page',
      apply: 'build',
      buildEnd() {
        initial.clear()
        const entries = [...this.getModuleIds()].filter((id) => this.getModuleInfo(id)?.isEntry)
        entry = entries[0] ?? ''
        const queue = [...entries]
        while (queue.length > 0) {
          const id = queue.pop() as string
          if (initial.has(id)) continue
          initial.add(id)
          queue.push(...(this.getModuleInfo(id)?.importedIds ?? []))
        }
      },
    },
  }
}

const first = firstPage()

// The client is a Vite root of its own; `npm start` serves its build from dist/client.
export default defineConfig({
  root: 'client',
  plugins: [solid(), precompress(), first.plugin],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'app', test: first.test }] } } },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://localhost:3000',
      '/collab': { target: 'ws://localhost:3000', ws: true },
    },
  },
})
