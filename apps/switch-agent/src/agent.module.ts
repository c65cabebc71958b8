import { type DynamicModule, Module } from '@nestjs/common';
import { topicNames } from '@lightpath/contracts';
import { JsonProducer, MessagingModule } from '@lightpath/messaging';
import { createMetricsRegistry, type Logger, LoopRunner } from '@lightpath/observability';
import type { Registry } from 'prom-client';
import { LoggerModule } from 'nestjs-pino';
import { FaultsController } from './admin/faults.controller';
import { LOGGER, METRICS, PRODUCER, TOPICS } from './agent.tokens';
import { CommandsController } from './commands/commands.controller';
import { AGENT_CONFIG, type AgentConfig } from './config/agent.config';
import { SwitchFleet } from './fleet/switch-fleet';
import { AgentReadiness } from './health/agent-readiness';
import { HealthController } from './health/health.controller';
import { AgentMetrics } from './reporting/agent-metrics';
import { EventPublisher } from './reporting/event-publisher';
import { ReporterService } from './reporting/reporter.service';

@Module({})
export class AgentModule {
  static forRoot(config: AgentConfig, logger: Logger): DynamicModule {
    return {
      module: AgentModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { logger, autoLogging: false } }),
        MessagingModule.forRoot({ brokers: config.KAFKA_BROKERS, clientId: config.AGENT_ID, logger, sendTimeoutMs: config.KAFKA_SEND_TIMEOUT_MS }),
      ],
      controllers: [CommandsController, FaultsController, HealthController],
      providers: [
        { provide: AGENT_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: TOPICS, useValue: topicNames(config.KAFKA_TOPIC_PREFIX) },
        { provide: METRICS, useValue: createMetricsRegistry('switch-agent') },
        { provide: LoopRunner, useFactory: (registry: Registry) => LoopRunner.for(registry, logger), inject: [METRICS] },
        { provide: PRODUCER, useExisting: JsonProducer },
        SwitchFleet,
        EventPublisher,
        ReporterService,
        AgentMetrics,
        AgentReadiness,
      ],
      exports: [PRODUCER, TOPICS],
    };
  }
}
