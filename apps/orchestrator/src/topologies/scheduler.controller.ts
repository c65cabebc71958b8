import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { plannerOf } from '../auth/tenant-scope';
import { openApiSchema } from '../http/openapi-schema';
import { OpensOperation } from '../http/openapi-errors';
import { JsonBody, PathParam } from '../http/request-params';
import { LeadershipService } from '../leader/leadership.service';
import { intentSchema } from '@lightpath/topology';
import { z } from 'zod';
import { IntentRunSchema, TopologyNameSchema } from './topology-api.schema';
import { PLAN_REQUEST_EXAMPLES } from './topology-examples';
import { IntentRunner, type IntentRun } from './intent-runner.service';

export const ApplyTopologySchema = z.strictObject({
  intent: intentSchema,
  /** true: return the plan and change nothing (the same as POST /v1/topologies/{name}/plan). */
  dryRun: z.boolean().optional(),
  /**
   * true: the plan may remove other owners' circuits it cannot go around (docs/api.md, "Circuit
   * owners"): a scheduler may displace other topologies' circuits, an operator also manual and
   * repair ones; reservations' never.
   */
  displace: z.boolean().optional(),
});
type ApplyTopology = z.infer<typeof ApplyTopologySchema>;

@ApiTags('topologies')
@Controller('v1/topologies')
export class SchedulerController {
  constructor(
    private readonly intents: IntentRunner,
    private readonly leadership: LeadershipService,
  ) {}

  @Post(':name')
  @OpensOperation()
  @Roles('scheduler')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Create or replace a named topology: plan it against the fabric now and apply the plan as a staged operation (dryRun: plan only)',
    description:
      'Role scheduler. The plan is the same verified dry run as POST /v1/topologies/{name}/plan; its stages keep the capacity ' +
      'guard (I7). Answers 202 with the plan and the operation to watch (GET /v1/operations/{id} or /v1/events); when the ' +
      'fabric already is as asked the plan is empty and no operation starts.',
  })
  @ApiResponse({ status: 202, description: 'The plan and the staged operation applying it (none when the plan is empty, or with dryRun)', schema: openApiSchema(IntentRunSchema) })
  @ApiResponse({ status: 400, description: 'INVALID_REQUEST / INVALID_INTENT: the message names the field or the endpoint the fabric lacks, or `rule` the input rule broken (no-loopback)' })
  @ApiResponse({ status: 403, description: "DISPLACE_FORBIDDEN: displace was set but the caller's role may not displace some of those owners (listed in displaces)" })
  @ApiResponse({
    status: 409,
    description:
      'PORT_BUSY (another operation holds a port), FABRIC_FROZEN, FABRIC_SPEC_MISSING, FABRIC_SPEC_MISMATCH, STATE_CONFLICT, TOPOLOGY_NAME_TAKEN (another tenant uses the name); ' +
      "DISPLACES_OTHER_OWNERS: the plan removes other owners' circuits (listed in displaces) and displace was not set",
  })
  @ApiResponse({ status: 422, description: 'INTENT_INFEASIBLE, with the rule it breaks' })
  apply(
    @PathParam('name', TopologyNameSchema, 'job-42-slice', 'topology name') name: string,
    @JsonBody(ApplyTopologySchema, 'topology request', { examples: PLAN_REQUEST_EXAMPLES }) body: ApplyTopology,
    @Principal() who: Principal,
  ): Promise<IntentRun> {
    if (body.dryRun) return this.intents.plan(name, body.intent, plannerOf(who));
    this.leadership.requireLeader();
    return this.intents.applyTopology(name, body.intent, who, body.displace ?? false);
  }
}
