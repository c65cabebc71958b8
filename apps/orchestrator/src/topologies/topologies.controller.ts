import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { topologyOwner } from '@lightpath/contracts';
import type { StoredTopology } from '@lightpath/state';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { plannerOf } from '../auth/tenant-scope';
import { openApiSchema } from '../http/openapi-schema';
import { ZodPipe } from '../http/zod-body.pipe';
import { PlanRequestSchema, TopologyNameSchema, TopologyPlanResponseSchema, type PlanRequest } from './topology-api.schema';
import { PLAN_REQUEST_EXAMPLES } from './topology-examples';
import { TopologyPlanner, type TopologyPlan } from './topology-planner.service';

const NamePipe = new ZodPipe(TopologyNameSchema, 'topology name');

@ApiTags('topologies')
@Controller('v1/topologies')
export class TopologiesController {
  constructor(private readonly planner: TopologyPlanner) {}

  @Post(':name/plan')
  @Roles('scheduler')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Dry run: the plan for a topology intent against the fabric as it is now; nothing changes on any switch',
    description:
      'Role scheduler. Intents: slice (torus of whole cubes), mesh (link counts per directed endpoint pair), rewire, traffic (a traffic matrix), ' +
      'repair (cube, port or OCS), as docs/topology-intent.schema.json. The plan is computed against the stored fabric spec ' +
      "(PUT /v1/fabric) and the switches' actual cross-connects, passed through the independent verifier, and kept as the " +
      "topology's last plan (GET /v1/topologies/{name}). It lists cross-connects to add and remove per switch, stages that keep " +
      'the capacity guard, the changed count beside its lower bound and the stage count beside its own.',
  })
  @ApiParam({ name: 'name', example: 'job-42-slice' })
  @ApiBody({ schema: openApiSchema(PlanRequestSchema), examples: PLAN_REQUEST_EXAMPLES })
  @ApiResponse({ status: 200, description: 'The verified plan', schema: openApiSchema(TopologyPlanResponseSchema) })
  @ApiResponse({ status: 400, description: 'INVALID_REQUEST / INVALID_INTENT: the message names the field, or the endpoint, cube or switch the fabric lacks' })
  @ApiResponse({
    status: 409,
    description:
      'FABRIC_SPEC_MISSING: PUT /v1/fabric first; FABRIC_SPEC_MISMATCH / STATE_CONFLICT: the switches report circuits the spec cannot hold; ' +
      'TOPOLOGY_NAME_TAKEN: another tenant (or the operators) uses the name',
  })
  @ApiResponse({ status: 422, description: 'INTENT_INFEASIBLE: well formed but impossible on this fabric; `rule` names the rule (e.g. twist-shape, not-enough-free-cubes)' })
  plan(
    @Param('name', NamePipe) name: string,
    @Body(new ZodPipe(PlanRequestSchema, 'plan request')) body: PlanRequest,
    @Principal() who: Principal,
  ): Promise<TopologyPlan> {
    return this.planner.plan(name, body.intent, plannerOf(who), { fullState: body.fullState ?? false, owner: topologyOwner(name) });
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: "Names of the topologies planned on this fabric that the caller may see: its tenant's and fabric work (operators: all)" })
  async list(@Principal() who: Principal): Promise<{ topologies: string[] }> {
    return { topologies: await this.planner.names(who) };
  }

  @Get(':name')
  @Roles('viewer')
  @ApiOperation({ summary: "A topology's intent, its last plan, when and by whom it was planned, and against which spec version" })
  @ApiParam({ name: 'name', example: 'job-42-slice' })
  @ApiResponse({ status: 404, description: "TOPOLOGY_NOT_FOUND: never planned, or another tenant's (the same answer)" })
  get(@Param('name', NamePipe) name: string, @Principal() who: Principal): Promise<StoredTopology> {
    return this.planner.get(name, who);
  }
}
