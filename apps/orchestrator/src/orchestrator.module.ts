import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { MessagingModule } from '@lightpath/messaging';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CoreModule, type OrchestratorDeps } from './core/core.module';
import { SwitchEventsController } from './events/switch-events.controller';
import { SwitchesController } from './fabric/switches.controller';
import { ConsumerStatus } from './health/consumer-status';
import { HealthController } from './health/health.controller';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { EngineModule } from './engine/engine.module';
import { LeaderModule } from './leader/leader.module';
import { OperationsModule } from './operations/operations.module';
import { OperatorsModule } from './operators/operators.module';
import { ReconcileModule } from './reconcile/reconcile.module';
import { ReservationsModule } from './reservations/reservations.module';
import { TopologiesModule } from './topologies/topologies.module';
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
        EngineModule,
        TopologiesModule,
        OperationsModule,
        ReconcileModule,
        OperatorsModule,
        ReservationsModule,
        AuthModule.forRoot(config, logger),
        AuditModule.forRoot(state),
        WatchModule.forRoot({ config, logger, graph, state }),
      ],
      // What is left here is the process's own: switch views, health, and the agents' events.
      controllers: [SwitchesController, HealthController, SwitchEventsController],
      providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }, ConsumerStatus],
    };
  }
}
