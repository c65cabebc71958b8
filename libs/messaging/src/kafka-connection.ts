import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { installRefusedFetchRecovery } from './fetch-leader-recovery';
import type { MessagingLogger } from './logger';

export interface KafkaConnectionOptions {
  brokers: string[];
  clientId: string;
  logger: MessagingLogger;
}

/** Creates the one kafkajs client a process uses, with kafkajs' own logs routed to our logger. */
export function createKafka({ brokers, clientId, logger }: KafkaConnectionOptions): Kafka {
  const recovery = installRefusedFetchRecovery();
  if (recovery.startsWith('skipped')) logger.warn({ recovery }, 'kafkajs refused-fetch recovery not installed: a dead partition leader may crash consumers');
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout: 3_000,
    retry: { initialRetryTime: 100, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...rest } = log;
        const entry = { component: 'kafkajs', ...rest };
        if (level <= logLevel.ERROR) logger.error(entry, message);
        else logger.warn(entry, message);
      },
  });
}
