import { Module } from '@nestjs/common';
import { EngineModule } from '../engine/engine.module';
import { LeaderModule } from '../leader/leader.module';
import { TopologiesModule } from '../topologies/topologies.module';
import { ReconcilerService } from './reconciler.service';

/** The reconciler (I3): repairs as engine operations, reroutes through the planner, alarms. */
@Module({
  imports: [EngineModule, LeaderModule, TopologiesModule],
  providers: [ReconcilerService],
  exports: [ReconcilerService],
})
export class ReconcileModule {}
