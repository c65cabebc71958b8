import type { Logger } from 'pino';

export interface LastResortOptions {
  /**
   * Errors the process recovers from by itself (e.g. a Kafka client error its supervisor repairs):
   * logged, not fatal. Anything else that escapes every handler leaves the process in an unknown
   * state, so it exits non-zero and lets its supervisor (systemd, Kubernetes, the demo) restart it.
   */
  recoverable: (err: unknown) => boolean;
  exit?: (code: number) => void;
}

/**
 * The last line of defence: nothing a library rejects without a handler may kill the process with
 * a raw stack trace on stderr (issue 7, item 1). Every such error becomes one JSON log line, and the
 * process exits (code 1) only for errors nobody can recover from.
 */
export function installLastResortHandlers(logger: Logger, { recoverable, exit = (code) => process.exit(code) }: LastResortOptions): () => void {
  const onRejection = (reason: unknown) => {
    if (recoverable(reason)) {
      logger.error({ err: reason }, 'unhandled rejection of a recoverable error; carrying on (a supervisor retries it)');
      return;
    }
    logger.fatal({ err: reason }, 'unhandled rejection; exiting so the process is restarted clean');
    logger.flush?.();
    exit(1);
  };
  const onException = (err: Error) => {
    logger.fatal({ err }, 'uncaught exception; exiting so the process is restarted clean');
    logger.flush?.();
    exit(1);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}

/**
 * A start-up that failed: one JSON line saying what and what to do, then exit 1. Used where the
 * service's own logger may not exist yet (configuration errors), so it writes pino's shape itself.
 */
export function exitOnStartupFailure(service: string, err: unknown, logger?: Logger): never {
  const error = err instanceof Error ? err : new Error(String(err));
  if (logger) {
    logger.fatal({ err: error }, `${service} could not start: ${error.message}`);
    logger.flush?.();
  } else {
    const line = { level: 'fatal', time: new Date().toISOString(), service, pid: process.pid, err: { type: error.name, message: error.message, stack: error.stack }, msg: `${service} could not start: ${error.message}` };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  process.exit(1);
}
