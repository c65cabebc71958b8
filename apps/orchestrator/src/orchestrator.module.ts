import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { topicNames } from '@lightpath/contracts';
import { JsonProducer, MessagingModule } from '@lightpath/messaging';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CoreModule, type OrchestratorDeps } from './core/core.module';
import { SwitchEventsController } from './events/switch-events.controller';
import { SwitchesController } from './fabric/switches.controller';
import { ConsumerStatus } from './health/consumer-status';
import { HealthController } from './health/health.controller';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { CommandSender } from './engine/command-sender';
import { OperationEngine } from './engine/operation-engine.service';
import { OrchestratorMetrics } from './engine/orchestrator-metrics';
import { CrossConnectsController } from './operations/cross-connects.controller';
import { CrossConnectsService } from './operations/cross-connects.service';
import { OperationsController } from './operations/operations.controller';
import { ReconcilerService } from './reconcile/reconciler.service';
import { ReservationsController } from './reservations/reservations.controller';
import { RESERVATION_PROVIDERS } from './reservations/reservations.providers';
import { IntentRunner } from './engine/intent-runner.service';
import { OperatorController } from './engine/operator.controller';
import { SchedulerController } from './engine/scheduler.controller';
import { TopologiesModule } from './topologies/topologies.module';
import { LeaderModule } from './leader/leader.module';
import { PRODUCER, TOPICS } from './orchestrator.tokens';
import { WatchModule } from './watch/watch.module';

export type { OrchestratorDeps } from './core/core.module';

@Module({})
export class OrchestratorModule {
  static forRoot({ config, logger, state, graph }: OrchestratorDeps): DynamicModule {
    return {
      module: OrchestratorModule,
      imports: [
        CoreModule.forRoot({ config, logger, state, graph }),
        LeaderModule,
        MessagingModule.forRoot({ brokers: config.KAFKA_BROKERS, clientId: config.ORCH_ID, logger, sendTimeoutMs: config.COMMAND_SEND_TIMEOUT_MS }),
        LoggerModule.forRoot({ pinoHttp: { logger, autoLogging: false } }),
        TopologiesModule.forRoot(state),
        AuthModule.forRoot(config, logger),
        AuditModule.forRoot(state),
        WatchModule.forRoot({ config, logger, graph, state }),
      ],
      controllers: [SwitchesController, CrossConnectsController, OperationsController, OperatorController, SchedulerController, HealthController, SwitchEventsController, ReservationsController],
      providers: [
        { provide: TOPICS, useValue: topicNames(config.KAFKA_TOPIC_PREFIX) },
        { provide: PRODUCER, useExisting: JsonProducer },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        CommandSender,
        OperationEngine,
        CrossConnectsService,
        ReconcilerService,
        IntentRunner,
        OrchestratorMetrics,
        ConsumerStatus,
        ...RESERVATION_PROVIDERS,
      ],
    };
  }
}
