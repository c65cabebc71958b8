import { Controller, Get, Header, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { JsonProducer } from '@lightpath/messaging';
import type { FabricState } from '@lightpath/state';
import type { Registry } from 'prom-client';
import { METRICS, PRODUCER, STATE } from '../orchestrator.tokens';
import { ConsumerStatus } from './consumer-status';

const NOT_READY_BECAUSE = {
  redis: 'Redis does not answer',
  kafkaProducer: 'the Kafka producer cannot send',
  kafkaConsumer: 'the events consumer is not consuming',
};

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    @Inject(STATE) private readonly state: FabricState,
    @Inject(PRODUCER) private readonly producer: JsonProducer,
    @Inject(METRICS) private readonly registry: Registry,
    private readonly consumer: ConsumerStatus,
  ) {}

  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready when Redis answers, the producer can send and the events consumer is consuming now. */
  @Get('health/ready')
  async ready(): Promise<{ status: 'ready'; checks: Record<string, boolean> }> {
    const [redis, kafkaProducer] = await Promise.all([this.state.ping(), this.producer.canSend()]);
    const consumer = this.consumer.status();
    const checks = { redis, kafkaProducer, kafkaConsumer: consumer.consuming };
    const failing = Object.entries(checks).filter(([, ok]) => !ok).map(([name]) => name);
    if (failing.length > 0) {
      // With a `code`, the API's exception filter passes the body through whole: a probe's log (and
      // an operator's curl) shows which check failed, not a bare "Service Unavailable".
      throw new ServiceUnavailableException({
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'NOT_READY',
        message: `not ready: ${failing.map((name) => NOT_READY_BECAUSE[name as keyof typeof checks]).join('; ')}`,
        status: 'not-ready',
        checks,
        consumer,
      });
    }
    return { status: 'ready', checks };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
