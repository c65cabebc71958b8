import { BadRequestException, Body, ConflictException, Controller, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { formatIssues } from '@lightpath/contracts';
import { applyFault, FaultRequestSchema, MemsSimError } from '@lightpath/mems-sim';
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
    try {
      applyFault(target.faults, parsed.data);
    } catch (err) {
      if (err instanceof MemsSimError && err.kind === 'invalid-argument') throw new BadRequestException(err.message);
      if (err instanceof MemsSimError && err.kind === 'not-found') throw new NotFoundException(err.message);
      throw err;
    }
    return { accepted: true, switchId };
  }
}
