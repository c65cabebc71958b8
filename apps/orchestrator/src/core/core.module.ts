import { type DynamicModule, Global, Module } from '@nestjs/common';
import { createMetricsRegistry, LoopRunner, type Logger } from '@lightpath/observability';
import { topicNames } from '@lightpath/contracts';
import type { FabricState } from '@lightpath/state';
import type { Registry } from 'prom-client';
import { ORCH_CONFIG, type OrchestratorConfig } from '../config/orchestrator.config';
import { FabricGraph } from '../fabric/fabric-graph';
import { LOGGER, METRICS, STATE, TOPICS } from '../orchestrator.tokens';

export interface OrchestratorDeps {
  config: OrchestratorConfig;
  logger: Logger;
  state: FabricState;
  graph: FabricGraph;
}

/**
 * The process's shared objects, made once in main and given to every feature module: the
 * validated configuration, the logger, the Redis state, the in-memory model, the metrics registry,
 * the fabric's topic names and the loop runner (every periodic loop, with its metrics in that registry). Global, so a
 * feature module imports nothing to reach them and none of them reaches into another's folder.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot({ config, logger, state, graph }: OrchestratorDeps): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: ORCH_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: STATE, useValue: state },
        { provide: FabricGraph, useValue: graph },
        { provide: METRICS, useValue: createMetricsRegistry('orchestrator') },
        { provide: TOPICS, useValue: topicNames(config.KAFKA_TOPIC_PREFIX) },
        { provide: LoopRunner, useFactory: (registry: Registry) => LoopRunner.for(registry, logger), inject: [METRICS] },
      ],
      exports: [ORCH_CONFIG, LOGGER, STATE, FabricGraph, METRICS, TOPICS, LoopRunner],
    };
  }
}
