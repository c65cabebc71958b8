import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { topicNames } from '@lightpath/contracts';
import { createKafka, JsonProducer } from '@lightpath/messaging';
import { createMetricsRegistry, type Logger } from '@lightpath/observability';
import type { FabricState } from '@lightpath/state';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ORCH_CONFIG, type OrchestratorConfig } from './config/orchestrator.config';
import { SwitchEventsController } from './events/switch-events.controller';
import { FabricGraph } from './fabric/fabric-graph';
import { SwitchesController } from './fabric/switches.controller';
import { ConsumerStatus } from './health/consumer-status';
import { HealthController } from './health/health.controller';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { CommandSender } from './operations/command-sender';
import { OperationsController } from './operations/operations.controller';
import { OperationsService } from './operations/operations.service';
import { OrchestratorMetrics } from './operations/orchestrator-metrics';
import { ReconcilerService } from './reconcile/reconciler.service';
import { ReservationsController } from './reservations/reservations.controller';
import { RESERVATION_PROVIDERS } from './reservations/reservations.providers';
import { IntentRunner } from './engine/intent-runner.service';
import { OperatorController } from './engine/operator.controller';
import { SchedulerController } from './engine/scheduler.controller';
import { StagedOperationsService } from './engine/staged-operations.service';
import { TopologiesModule } from './topologies/topologies.module';
import { LeadershipController } from './leader/leadership.controller';
import { LeadershipService } from './leader/leadership.service';
import { KAFKA, LOGGER, METRICS, PRODUCER, STATE, TOPICS } from './orchestrator.tokens';
import { WatchModule } from './watch/watch.module';

export interface OrchestratorDeps {
  config: OrchestratorConfig;
  logger: Logger;
  state: FabricState;
  graph: FabricGraph;
}

@Module({})
export class OrchestratorModule {
  static forRoot({ config, logger, state, graph }: OrchestratorDeps): DynamicModule {
    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.ORCH_ID, logger });
    return {
      module: OrchestratorModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { logger, autoLogging: false } }),
        TopologiesModule.forRoot(state),
        AuthModule.forRoot(config, logger),
        AuditModule.forRoot(state),
        WatchModule.forRoot({ config, logger, graph, state }),
      ],
      controllers: [SwitchesController, OperationsController, OperatorController, SchedulerController, LeadershipController, HealthController, SwitchEventsController, ReservationsController],
      providers: [
        { provide: ORCH_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: STATE, useValue: state },
        { provide: FabricGraph, useValue: graph },
        { provide: KAFKA, useValue: kafka },
        { provide: TOPICS, useValue: topicNames(config.KAFKA_TOPIC_PREFIX) },
        { provide: METRICS, useValue: createMetricsRegistry('orchestrator') },
        {
          provide: PRODUCER,
          useFactory: async () => {
            const producer = new JsonProducer(kafka, { sendTimeoutMs: config.COMMAND_SEND_TIMEOUT_MS, idempotent: config.KAFKA_IDEMPOTENT });
            await producer.connect();
            return producer;
          },
        },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        LeadershipService,
        CommandSender,
        OperationsService,
        ReconcilerService,
        StagedOperationsService,
        IntentRunner,
        OrchestratorMetrics,
        ConsumerStatus,
        ...RESERVATION_PROVIDERS,
      ],
    };
  }
}
