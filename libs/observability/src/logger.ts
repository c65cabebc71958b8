import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs on stdout, one object per line, with the service name on every entry so a
 * log pipeline can tell the orchestrator from an agent without parsing text.
 */
export function createLogger(service: string, level: string): Logger {
  return pino({
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}

export type { Logger };
