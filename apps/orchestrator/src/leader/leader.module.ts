import { Module } from '@nestjs/common';
import { LeadershipController } from './leadership.controller';
import { LeadershipMetrics } from './leadership-metrics';
import { LeadershipService } from './leadership.service';

/**
 * Leader election: the lease, its epoch (fencing, I5) and GET /v1/leader. Features that act only
 * as leader inject LeadershipService (requireLeader, listen) or use runWhileLeading for a loop.
 * Its config, state and logger come from the global CoreModule.
 */
@Module({
  controllers: [LeadershipController],
  providers: [LeadershipService, LeadershipMetrics],
  exports: [LeadershipService],
})
export class LeaderModule {}
