import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
    redisUrl: string;
  }
}

/**
 * Integration and end-to-end tests run against a real Kafka broker and a real redis-server. This
 * brings them up through the same script the README uses (it reuses servers that already answer),
 * unless KAFKA_BROKERS and REDIS_URL point at existing ones. Nothing is faked and nothing is skipped.
 */
export default function setup(project: TestProject): void {
  const root = resolve(__dirname, '../..');
  execFileSync('bash', [resolve(root, 'deploy/infra.sh'), 'up'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const exports = execFileSync('bash', [resolve(root, 'deploy/infra.sh'), 'env'], { encoding: 'utf8' });
  const vars = Object.fromEntries(
    exports
      .trim()
      .split('\n')
      .map((line) => line.replace(/^export /, '').split('=', 2) as [string, string]),
  );
  project.provide('kafkaBrokers', vars.KAFKA_BROKERS);
  project.provide('redisUrl', vars.REDIS_URL);
}
