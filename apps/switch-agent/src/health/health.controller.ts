import { Controller, Get, Header, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { METRICS } from '../agent.tokens';
import { AgentReadiness } from './agent-readiness';

@Controller()
export class HealthController {
  constructor(
    private readonly readiness: AgentReadiness,
    @Inject(METRICS) private readonly registry: Registry,
  ) {}

  /** Liveness: the process answers. Restarting it would not fix Kafka being away, so Kafka is not checked here. */
  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: the command consumer is consuming now and the producer can send (AgentReadiness). */
  @Get('health/ready')
  async ready(): Promise<{ status: 'ready'; checks: Record<string, boolean>; links: Record<string, unknown> }> {
    const { checks, consumer, links } = await this.readiness.checks();
    if (!Object.values(checks).every(Boolean)) throw new ServiceUnavailableException({ status: 'not-ready', checks, consumer, links });
    return { status: 'ready', checks, links };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
