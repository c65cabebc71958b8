import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SwitchIdSchema } from '@lightpath/contracts';
import type { FabricState } from '@lightpath/state';
import { ORCH_CONFIG, type OrchestratorConfig } from '../config/orchestrator.config';
import { notFound } from '../http/api-errors';
import { PathParam } from '../http/request-params';
import { STATE } from '../orchestrator.tokens';
import { FabricGraph } from './fabric-graph';
import { pendingPorts, summarize, withOwner, type PortMap, type SwitchSummary } from './switch-view';

@ApiTags('switches')
@Controller('v1/switches')
export class SwitchesController {
  constructor(
    @Inject(ORCH_CONFIG) private readonly config: OrchestratorConfig,
    @Inject(STATE) private readonly state: FabricState,
    private readonly graph: FabricGraph,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List registered switches with their size, reachability and cross-connect count' })
  list(): { switches: SwitchSummary[] } {
    const now = Date.now();
    return {
      switches: this.graph.switchIds().map((id) => {
        const record = this.graph.getSwitch(id)!;
        return summarize(record, this.graph.crossConnectCount(id), now, this.config.SWITCH_STALE_MS);
      }),
    };
  }

  @Get(':switchId')
  @ApiOperation({ summary: "One switch's port map: active cross-connects with insertion loss, desired, pending, unhealthy ports; every circuit with its owner" })
  async get(@PathParam('switchId', SwitchIdSchema, 'ocs-1') switchId: string): Promise<PortMap> {
    const record = this.graph.getSwitch(switchId);
    if (!record) throw notFound('SWITCH_NOT_FOUND', `switch ${switchId} is not registered: list known switches with GET /v1/switches`);
    const active = this.graph.crossConnects(switchId);
    const [desired, pending, owners] = await Promise.all([
      this.state.desired.desired(switchId),
      this.state.desired.pending(switchId),
      this.state.owners.of(switchId),
    ]);
    return {
      ...summarize(record, active.length, Date.now(), this.config.SWITCH_STALE_MS),
      active: withOwner(active, owners),
      desired: withOwner(desired, owners),
      pending: pendingPorts(pending),
      unhealthyPorts: this.graph.unhealthyPorts(switchId),
    };
  }
}
