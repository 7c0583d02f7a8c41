import { describe, expect, it } from 'vitest';
import { DrizzleQueryError } from 'drizzle-orm';
import type { LevelWithSilent } from 'pino';
import { createLogger, errorFields, logError, logLevelFromEnv, setLogger } from './logger';
import { runWithRequestContext } from './request-context';

function capture(level: LevelWithSilent) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { logger, lines };
}

describe('LOG_LEVEL', () => {
  it('defaults to info and takes pino level names', () => {
    expect(logLevelFromEnv(undefined)).toBe('info');
    expect(logLevelFromEnv('')).toBe('info');
    expect(logLevelFromEnv('debug')).toBe('debug');
    expect(logLevelFromEnv('silent')).toBe('silent');
  });

  it('refuses anything else with a message naming the allowed values', () => {
    expect(() => logLevelFromEnv('verbose')).toThrow(/LOG_LEVEL="verbose": must be a pino level \(fatal, error, warn, info, debug, trace, silent\)/);
    expect(() => logLevelFromEnv('INFO')).toThrow();
  });

  it('drops lines below the level', () => {
    const { logger, lines } = capture('warn');
    logger.info('not written');
    logger.warn('written');
    expect(lines.map((line) => [line.level, line.msg])).toEqual([['warn', 'written']]);
  });
});

describe('error lines', () => {
  const failure = () => {
    const cause = Object.assign(new Error('UNIQUE constraint failed: tokens.token_hash'), { name: 'SqliteError', code: 'SQLITE_CONSTRAINT_UNIQUE' });
    return new DrizzleQueryError('insert into "tokens" ("token_hash") values (?)', ['hash-that-must-not-be-logged'], cause);
  };

  it("keep a query error's driver cause and drop its SQL and bound values, also from the stack", () => {
    const fields = errorFields(failure(), true);
    expect(fields).toMatchObject({ name: 'DrizzleQueryError', cause: { name: 'SqliteError', code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: tokens.token_hash' } });
    expect(fields.message).toBeUndefined();
    expect(fields.stack).toMatch(/^ {4}at /);
    const text = JSON.stringify(fields);
    expect(text).not.toContain('hash-that-must-not-be-logged');
    expect(text).not.toMatch(/insert into/i);
  });

  it('carry the stack only when debug is on', () => {
    const { logger, lines } = capture('info');
    const previous = setLogger(logger);
    try {
      runWithRequestContext({ requestId: 'req-1' }, () => logError('partner API: unexpected error', new TypeError('boom')));
      expect(lines).toEqual([expect.objectContaining({ level: 'error', msg: 'partner API: unexpected error', requestId: 'req-1', error: { name: 'TypeError', message: 'boom' } })]);
      const debug = capture('debug');
      setLogger(debug.logger);
      logError('x', new TypeError('boom'));
      expect((debug.lines[0]!.error as { stack?: string }).stack).toMatch(/^ {4}at /);
    } finally {
      if (previous) setLogger(previous);
    }
  });

  it('name what was thrown when it is not an Error, without its value', () => {
    expect(errorFields('a string with a secret', true)).toEqual({ name: 'string' });
  });
});
