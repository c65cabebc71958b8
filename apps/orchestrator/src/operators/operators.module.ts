import { Module } from '@nestjs/common';
import { LeaderModule } from '../leader/leader.module';
import { ReconcileModule } from '../reconcile/reconcile.module';
import { TopologiesModule } from '../topologies/topologies.module';
import { OperatorController } from './operator.controller';

/** Operators' levers: drain, undrain, fail and restore ports, replace cubes, freeze, reconcile now. */
@Module({
  imports: [LeaderModule, TopologiesModule, ReconcileModule],
  controllers: [OperatorController],
})
export class OperatorsModule {}
