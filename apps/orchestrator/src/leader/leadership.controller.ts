import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { LeadershipService, type LeadershipView } from './leadership.service';

@ApiTags('cluster')
@Controller('v1/leader')
export class LeadershipController {
  constructor(private readonly leadership: LeadershipService) {}

  @Get()
  @ApiOperation({ summary: 'Which orchestrator replica leads this fabric, its epoch, and whether this replica is it' })
  get(): LeadershipView {
    return this.leadership.current;
  }
}
