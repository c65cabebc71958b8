import { Module } from '@nestjs/common';
import { EngineModule } from '../engine/engine.module';
import { LeaderModule } from '../leader/leader.module';
import { TopologiesModule } from '../topologies/topologies.module';
import { ReservationsController } from './reservations.controller';
import { RESERVATION_PROVIDERS } from './reservations.providers';

/** Job launchers' reservations: placed by the planner, set up and torn down by the engine. */
@Module({
  imports: [EngineModule, LeaderModule, TopologiesModule],
  controllers: [ReservationsController],
  providers: RESERVATION_PROVIDERS,
})
export class ReservationsModule {}
