import { Module } from '@nestjs/common';
import { EngineModule } from '../engine/engine.module';
import { LeaderModule } from '../leader/leader.module';
import { CrossConnectsController } from './cross-connects.controller';
import { CrossConnectsService } from './cross-connects.service';
import { OperationsController } from './operations.controller';

/** Operators' cross-connects on one switch, and reading, listing and cancelling operations. */
@Module({
  imports: [EngineModule, LeaderModule],
  controllers: [CrossConnectsController, OperationsController],
  providers: [CrossConnectsService],
})
export class OperationsModule {}
