import { Module } from '@nestjs/common';
import { JsonProducer } from '@lightpath/messaging';
import { LeaderModule } from '../leader/leader.module';
import { PRODUCER } from '../orchestrator.tokens';
import { CommandSender } from './command-sender';
import { OperationEngine } from './operation-engine.service';
import { OrchestratorMetrics } from './orchestrator-metrics';

/**
 * The one operations engine: submitting, running, correlating answers and closing every operation,
 * with the per-switch group commit and the command sender. Features that change the fabric
 * (cross-connects, topologies, reservations, the reconciler) import it and submit operations.
 */
@Module({
  imports: [LeaderModule],
  providers: [{ provide: PRODUCER, useExisting: JsonProducer }, CommandSender, OperationEngine, OrchestratorMetrics],
  exports: [PRODUCER, CommandSender, OperationEngine, OrchestratorMetrics],
})
export class EngineModule {}
