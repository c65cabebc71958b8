import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { topologyOwner } from '@lightpath/contracts';
import type { StoredTopology } from '@lightpath/state';
import { z } from 'zod';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { plannerOf } from '../auth/tenant-scope';
import { openApiSchema } from '../http/openapi-schema';
import { JsonBody, PathParam } from '../http/request-params';
import { PlanRequestSchema, StoredTopologySchema, TopologyNameSchema, TopologyPlanResponseSchema, type PlanRequest } from './topology-api.schema';
import { PLAN_REQUEST_EXAMPLES } from './topology-examples';
import { TopologyPlanner, type TopologyPlan } from './topology-planner.service';

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
    @PathParam('name', TopologyNameSchema, 'job-42-slice', 'topology name') name: string,
    @JsonBody(PlanRequestSchema, 'plan request', { examples: PLAN_REQUEST_EXAMPLES }) body: PlanRequest,
    @Principal() who: Principal,
  ): Promise<TopologyPlan> {
    return this.planner.plan(name, body.intent, plannerOf(who), { fullState: body.fullState ?? false, owner: topologyOwner(name) });
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: "Names of the topologies planned on this fabric that the caller may see: its tenant's and fabric work (operators: all)" })
  @ApiResponse({ status: 200, schema: openApiSchema(z.object({ topologies: z.array(TopologyNameSchema) })) })
  async list(@Principal() who: Principal): Promise<{ topologies: string[] }> {
    return { topologies: await this.planner.names(who) };
  }

  @Get(':name')
  @Roles('viewer')
  @ApiOperation({ summary: "A topology's intent, its last plan, when and by whom it was planned, and against which spec version" })
  @ApiResponse({ status: 200, description: 'The intent and its last plan', schema: openApiSchema(StoredTopologySchema) })
  @ApiResponse({ status: 404, description: "TOPOLOGY_NOT_FOUND: never planned, or another tenant's (the same answer)" })
  get(@PathParam('name', TopologyNameSchema, 'job-42-slice', 'topology name') name: string, @Principal() who: Principal): Promise<StoredTopology> {
    return this.planner.get(name, who);
  }
}
