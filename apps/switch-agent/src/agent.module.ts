import { type DynamicModule, Module } from '@nestjs/common';
import { topicNames } from '@lightpath/contracts';
import { createKafka, JsonProducer } from '@lightpath/messaging';
import { createMetricsRegistry, type Logger } from '@lightpath/observability';
import { LoggerModule } from 'nestjs-pino';
import { FaultsController } from './admin/faults.controller';
import { KAFKA, LOGGER, METRICS, PRODUCER, TOPICS } from './agent.tokens';
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
    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.AGENT_ID, logger });
    return {
      module: AgentModule,
      imports: [LoggerModule.forRoot({ pinoHttp: { logger, autoLogging: false } })],
      controllers: [CommandsController, FaultsController, HealthController],
      providers: [
        { provide: AGENT_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: KAFKA, useValue: kafka },
        { provide: TOPICS, useValue: topicNames(config.KAFKA_TOPIC_PREFIX) },
        { provide: METRICS, useValue: createMetricsRegistry('switch-agent') },
        {
          provide: PRODUCER,
          useFactory: async () => {
            const producer = new JsonProducer(kafka, { sendTimeoutMs: config.KAFKA_SEND_TIMEOUT_MS, idempotent: config.KAFKA_IDEMPOTENT });
            await producer.connect();
            return producer;
          },
        },
        SwitchFleet,
        EventPublisher,
        ReporterService,
        AgentMetrics,
        AgentReadiness,
      ],
      exports: [KAFKA, PRODUCER, TOPICS],
    };
  }
}
