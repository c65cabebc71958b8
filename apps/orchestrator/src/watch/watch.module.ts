import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { FabricState } from '@lightpath/state';
import type { Logger } from 'pino';
import { ORCH_CONFIG, type OrchestratorConfig } from '../config/orchestrator.config';
import { FabricGraph } from '../fabric/fabric-graph';
import { LOGGER } from '../orchestrator.tokens';
import { EventBus } from './event-bus.service';
import { EventsController } from './events.controller';
import { FabricWatcher } from './fabric-watcher';
import { WATCH_CHANNEL } from './watch.constants';

/**
 * Watching: the event bus (shared between replicas through Redis), the fabric watcher and the
 * /v1/events stream. Global, so operations and event handlers anywhere can inject EventBus and
 * publish; it is given the root module's shared objects rather than reaching into it.
 */
@Global()
@Module({})
export class WatchModule {
  static forRoot(deps: { config: OrchestratorConfig; logger: Logger; graph: FabricGraph; state: FabricState }): DynamicModule {
    return {
      module: WatchModule,
      controllers: [EventsController],
      providers: [
        { provide: ORCH_CONFIG, useValue: deps.config },
        { provide: LOGGER, useValue: deps.logger },
        { provide: FabricGraph, useValue: deps.graph },
        { provide: WATCH_CHANNEL, useValue: deps.state.watchChannel() },
        EventBus,
        FabricWatcher,
      ],
      exports: [EventBus],
    };
  }
}
