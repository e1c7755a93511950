import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

describe('configuration', () => {
  it('has embedded defaults', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      port: 3000,
      dataDir: './data',
      databaseUrl: undefined,
      demo: true,
      filesDir: './data/files',
      maxUploadBytes: 25 * 1024 * 1024,
    })
    expect(config.publicUrl).toBe('http://localhost:3000')
    expect(Object.isFrozen(config)).toBe(true)
  })
  it('turns demo off on a given database', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).demo).toBe(false)
  })
  it('names each bad value and how to fix it', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: 'nope' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      const problems = (error as ConfigError).problems.join('\n')
      expect(problems).toMatch(/PORT="eighty"/)
      expect(problems).toMatch(/DATABASE_URL="mysql:\/\/x": must look like postgres:\/\//)
      expect(problems).toMatch(/REDIS_URL/)
    }
  })
  it('takes the upload limit in whole megabytes', () => {
    expect(loadConfig({ MAX_UPLOAD_MB: '2' }).maxUploadBytes).toBe(2 * 1024 * 1024)
    expect(() => loadConfig({ MAX_UPLOAD_MB: '0.5' })).toThrow(/MAX_UPLOAD_MB="0.5"/)
  })
  it('throttles sign-ins: 10 failures per account, 100 per address unless configured', () => {
    expect(loadConfig({}).loginThrottle).toEqual({ perAccount: 10, perAddress: 100, windowMs: 900_000 })
    expect(loadConfig({ LOGIN_ADDRESS_LIMIT: '500' }).loginThrottle.perAddress).toBe(500)
    expect(() => loadConfig({ LOGIN_ADDRESS_LIMIT: '5' })).toThrow(/LOGIN_ADDRESS_LIMIT="5"/)
  })
  it('limits uploads per user: 60 per 10 minutes unless configured', () => {
    expect(loadConfig({}).uploadRate).toEqual({ max: 60, windowMs: 10 * 60_000 })
    expect(loadConfig({ UPLOAD_RATE_LIMIT: '5', UPLOAD_RATE_WINDOW_MINUTES: '1' }).uploadRate).toEqual({
      max: 5,
      windowMs: 60_000,
    })
    expect(() => loadConfig({ UPLOAD_RATE_LIMIT: '0' })).toThrow(/UPLOAD_RATE_LIMIT="0"/)
    expect(() => loadConfig({ UPLOAD_RATE_WINDOW_MINUTES: 'soon' })).toThrow(
      /UPLOAD_RATE_WINDOW_MINUTES="soon"/,
    )
  })
  it('requires the Meilisearch key with its URL', () => {
    expect(() => loadConfig({ MEILI_URL: 'http://127.0.0.1:7700' })).toThrow(/MEILI_MASTER_KEY/)
  })
})
