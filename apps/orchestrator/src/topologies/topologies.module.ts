import { Module } from '@nestjs/common';
import type { FabricState } from '@lightpath/state';
import { STATE } from '../orchestrator.tokens';
import { EngineModule } from '../engine/engine.module';
import { LeaderModule } from '../leader/leader.module';
import { FabricSpecController } from './fabric-spec.controller';
import { FabricSpecService } from './fabric-spec.service';
import { IntentRunner } from './intent-runner.service';
import { SchedulerController } from './scheduler.controller';
import { TopologiesController } from './topologies.controller';
import { FABRIC_SPEC_STORE, TOPOLOGY_STORE } from './topologies.constants';
import { TopologyPlanner } from './topology-planner.service';

/**
 * Fabric spec and topology intents: PUT/GET /v1/fabric, dry-run plans under /v1/topologies, and
 * schedulers' topologies applied through the engine (IntentRunner). The Redis state comes from the
 * global CoreModule; this module adds only its stores.
 */
@Module({
  imports: [EngineModule, LeaderModule],
  controllers: [FabricSpecController, TopologiesController, SchedulerController],
  providers: [
    { provide: FABRIC_SPEC_STORE, useFactory: (state: FabricState) => state.fabricSpecStore(), inject: [STATE] },
    { provide: TOPOLOGY_STORE, useFactory: (state: FabricState) => state.topologyStore(), inject: [STATE] },
    FabricSpecService,
    TopologyPlanner,
    IntentRunner,
  ],
  // Repairs (the reconciler's reroutes, operators' drains) and reservations plan through these.
  exports: [TopologyPlanner, IntentRunner],
})
export class TopologiesModule {}
