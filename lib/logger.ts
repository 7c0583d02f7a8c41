// The process's log: JSON lines on stdout through pino (operations.md: LOG_LEVEL, default
// info). What may appear is decided by the callers' explicit fields; nothing here logs a
// request's URL, headers or body, and errors are reduced to name, code and message.
import pino, { type DestinationStream, type Logger } from 'pino';
import { readSettings } from './config';
import { currentRequestId } from './request-context';

/** LOG_LEVEL as pino names it (lib/config.ts); anything else stops the process naming it. */
export function logLevelFromEnv(raw: string | undefined): pino.LevelWithSilent {
  return readSettings({ LOG_LEVEL: raw }).LOG_LEVEL as pino.LevelWithSilent;
}

/** A logger writing to `destination` (stdout when omitted; tests pass a stream of their own). */
export function createLogger(options: { level?: pino.LevelWithSilent; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? logLevelFromEnv(process.env.LOG_LEVEL),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? bufferedStdout(),
  );
}

/**
 * stdout, written 4 KiB at a time (one write for a dozen request lines instead of one each:
 * about 10 µs of a lean request, bench/) and at least every 250 ms; at exit pino writes what
 * is left. A SIGKILL loses at most the last 250 ms of lines: the audit trail, not the log, is
 * the durable record.
 */
function bufferedStdout(): DestinationStream {
  const stream = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => {
    try {
      stream.flush();
    } catch {
      // closed at exit: pino has written what was left
    }
  }, 250).unref();
  return stream;
}

// On globalThis: one logger (one stdout buffer) for the listener and every Next.js bundle.
const holder = globalThis as unknown as { tsunaguLogger?: Logger };

export function logger(): Logger {
  holder.tsunaguLogger ??= createLogger();
  return holder.tsunaguLogger;
}

/** Replaces the process's logger (tests capture lines this way); returns the one it replaced. */
export function setLogger(next: Logger): Logger | undefined {
  const previous = holder.tsunaguLogger;
  holder.tsunaguLogger = next;
  return previous;
}

interface ErrorFields {
  name: string;
  code?: string;
  message?: string;
  stack?: string;
  cause?: ErrorFields;
}

/**
 * What an error may say in the log. drizzle's DrizzleQueryError puts the SQL and its bound
 * values (hashes, addresses, user agents) in its message, and the stack's first line repeats
 * the message: for it only the driver's error (SqliteError: name, code, message) is kept,
 * and stacks are frames only, at debug level.
 */
export function errorFields(error: unknown, withStack = logger().isLevelEnabled('debug'), depth = 0): ErrorFields {
  if (!(error instanceof Error)) return { name: typeof error };
  const carriesQuery = 'query' in error && 'params' in error;
  const fields: ErrorFields = { name: carriesQuery ? 'DrizzleQueryError' : error.name };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') fields.code = code.slice(0, 100);
  if (!carriesQuery) fields.message = error.message.slice(0, 500);
  if (withStack && error.stack) fields.stack = error.stack.split('\n').filter((line) => line.startsWith('    at ')).join('\n');
  if (error.cause !== undefined && depth < 3) fields.cause = errorFields(error.cause, withStack, depth + 1);
  return fields;
}

/** One error line, with the request id when it happened inside a request. */
export function logError(message: string, error: unknown, fields: Record<string, unknown> = {}): void {
  logger().error({ requestId: currentRequestId() ?? undefined, ...fields, error: errorFields(error) }, message);
}
