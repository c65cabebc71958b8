import { Controller, Get, Header, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { JsonProducer } from '@lightpath/messaging';
import type { FabricState } from '@lightpath/state';
import type { Registry } from 'prom-client';
import { METRICS, PRODUCER, STATE } from '../orchestrator.tokens';
import { ConsumerStatus } from './consumer-status';

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
    if (!Object.values(checks).every(Boolean)) throw new ServiceUnavailableException({ status: 'not-ready', checks, consumer });
    return { status: 'ready', checks };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
