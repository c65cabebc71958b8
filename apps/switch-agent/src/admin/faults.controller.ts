import { BadRequestException, Body, ConflictException, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { formatIssues } from '@lightpath/contracts';
import { applyFault, FaultRequestSchema } from '@lightpath/mems-sim';
import { SwitchFleet } from '../fleet/switch-fleet';

/**
 * Fault injection for tests, demos and game days: a port fails, a mirror sticks, loss drifts up,
 * the switch loses power. Bound to the agent's admin port (loopback by default), never the API.
 */
@Controller('admin/switches/:switchId/faults')
export class FaultsController {
  constructor(private readonly fleet: SwitchFleet) {}

  @Post()
  @HttpCode(202)
  inject(@Param('switchId') switchId: string, @Body() body: unknown): { accepted: true; switchId: string } {
    const target = this.fleet.get(switchId);
    const parsed = FaultRequestSchema.safeParse(body);
    if (!parsed.success) throw new BadRequestException(`invalid fault request: ${formatIssues(parsed.error)}`);
    if (!target.faults) throw new ConflictException(`switch ${switchId} is driven by real hardware: it takes no injected faults`);
    applyFault(target.faults, parsed.data);
    return { accepted: true, switchId };
  }
}
