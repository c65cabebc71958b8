import { type DynamicModule, Module } from '@nestjs/common';
import type { FabricState } from '@lightpath/state';
import { STATE } from '../orchestrator.tokens';
import { FabricSpecController } from './fabric-spec.controller';
import { FabricSpecService } from './fabric-spec.service';
import { TopologiesController } from './topologies.controller';
import { FABRIC_SPEC_STORE, TOPOLOGY_STORE } from './topologies.constants';
import { TopologyPlanner } from './topology-planner.service';

/**
 * Fabric spec and topology intents: PUT/GET /v1/fabric, dry-run plans under /v1/topologies. Takes
 * the fabric state it is given (the root module owns the Redis connection) and adds only its stores.
 */
@Module({})
export class TopologiesModule {
  static forRoot(state: FabricState): DynamicModule {
    return {
      module: TopologiesModule,
      controllers: [FabricSpecController, TopologiesController],
      providers: [
        { provide: STATE, useValue: state },
        { provide: FABRIC_SPEC_STORE, useValue: state.fabricSpecStore() },
        { provide: TOPOLOGY_STORE, useValue: state.topologyStore() },
        FabricSpecService,
        TopologyPlanner,
      ],
      // The operations engine applies the plans the planner makes (engine/intent-runner.service.ts).
      exports: [TopologyPlanner],
    };
  }
}
