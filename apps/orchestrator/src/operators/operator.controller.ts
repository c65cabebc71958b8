import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IntentRunSchema } from '../topologies/topology-api.schema';
import { openApiSchema } from '../http/openapi-schema';
import { OpensOperation } from '../http/openapi-errors';
import { PortSideSchema, SwitchIdSchema } from '@lightpath/contracts';
import type { FabricState } from '@lightpath/state';
import { z } from 'zod';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { fabricWorkBy } from '../auth/tenant-scope';
import { FabricGraph } from '../fabric/fabric-graph';
import { invalidRequest, notFound } from '../http/api-errors';
import { JsonBody, PathParam, PortParamSchema } from '../http/request-params';
import { LeadershipService } from '../leader/leadership.service';
import { STATE } from '../orchestrator.tokens';
import { ReconcilerService } from '../reconcile/reconciler.service';
import { IntentRunner, type IntentRun } from '../topologies/intent-runner.service';

const CubeIdSchema = z.string().min(1).max(128);
const ReplaceCubeSchema = z.strictObject({ spare: z.string().min(1).max(128).optional() });
const MarkFailedSchema = z.strictObject({ reason: z.string().min(1).max(256).optional() });

/**
 * Operators' levers: drain a switch (its circuits move elsewhere in stages under the capacity
 * guard) and bring it back, replace a failed cube with a spare, freeze and unfreeze the fabric,
 * and force a reconcile of one switch. Every change that moves light goes through the planner and
 * the operations engine, exactly as a scheduler's topology does.
 */
@ApiTags('operators')
@Controller('v1')
export class OperatorController {
  constructor(
    @Inject(STATE) private readonly state: FabricState,
    private readonly graph: FabricGraph,
    private readonly intents: IntentRunner,
    private readonly reconciler: ReconcilerService,
    private readonly leadership: LeadershipService,
  ) {}

  @Post('switches/:switchId/drain')
  @OpensOperation()
  @Roles('operator')
  @HttpCode(202)
  @ApiResponse({ status: 202, description: 'The plan moving its circuits away and the staged operation applying it', schema: openApiSchema(IntentRunSchema) })
  @ApiResponse({ status: 409, description: 'FABRIC_SPEC_MISSING: PUT /v1/fabric first' })
  @ApiResponse({
    status: 422,
    description: "INTENT_INFEASIBLE: no plan fits (e.g. no spare); `rule` names the rule (drain-keeps-reservations: it would drop a reservation's circuit)",
  })
  @ApiOperation({ summary: "Drain a switch: mark it drained (no new circuits, I2) and move its circuits to the other switches in stages" })
  async drain(@PathParam('switchId', SwitchIdSchema, 'ocs-1') switchId: string, @Principal() who: Principal): Promise<IntentRun> {
    this.leadership.requireLeader();
    this.requireSwitch(switchId);
    // Planned and claimed first: a refused drain (frozen fabric, busy ports) leaves the switch as it was.
    const run = await this.intents.repair(`drain-${switchId}`, { kind: 'repair', failure: { type: 'ocs', switchId } }, fabricWorkBy(who), { kind: 'drain', target: switchId, keepReservations: true });
    await this.state.switches.setDrained(switchId, true);
    this.graph.setDrained(switchId, true);
    return run;
  }

  @Post('switches/:switchId/undrain')
  @Roles('operator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bring a drained switch back: it takes new circuits again (circuits moved away stay where they are)' })
  async undrain(@PathParam('switchId', SwitchIdSchema, 'ocs-1') switchId: string): Promise<{ switchId: string; drained: false }> {
    this.leadership.requireLeader();
    this.requireSwitch(switchId);
    await this.state.switches.setDrained(switchId, false);
    this.graph.setDrained(switchId, false);
    return { switchId, drained: false };
  }

  @Post('switches/:switchId/ports/:side/:port/fail')
  @Roles('operator')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Mark a port failed (a dirty connector, a bad fibre the switch does not see): no new circuit lands on it (I2) and the reconciler reroutes the circuit on it to a spare',
  })
  async markFailed(
    @PathParam('switchId', SwitchIdSchema, 'ocs-1') switchId: string,
    @PathParam('side', PortSideSchema, 'north') side: 'north' | 'south',
    @PathParam('port', PortParamSchema, 3) port: number,
    @JsonBody(MarkFailedSchema, 'mark request', { example: { reason: 'dirty connector' } }) body: z.infer<typeof MarkFailedSchema>,
    @Principal() who: Principal,
  ): Promise<{ switchId: string; side: string; port: number; health: 'failed' }> {
    this.leadership.requireLeader();
    this.requirePort(switchId, side, port);
    await this.state.actual.markFailed(switchId, side, port, who.name, body.reason ?? 'marked by an operator');
    this.graph.setPort(switchId, side, port, { health: 'failed' });
    this.reconciler.poke(switchId);
    return { switchId, side, port, health: 'failed' };
  }

  @Post('switches/:switchId/ports/:side/:port/restore')
  @Roles('operator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Clear an operator mark on a port (the switch own report still counts); circuits moved away stay where they are' })
  async restorePort(
    @PathParam('switchId', SwitchIdSchema, 'ocs-1') switchId: string,
    @PathParam('side', PortSideSchema, 'north') side: 'north' | 'south',
    @PathParam('port', PortParamSchema, 3) port: number,
  ): Promise<{ switchId: string; side: string; port: number; marked: false }> {
    this.leadership.requireLeader();
    this.requirePort(switchId, side, port);
    await this.state.actual.unmark(switchId, side, port);
    this.graph.setPort(switchId, side, port, { health: 'ok' });
    // The next snapshot brings back whatever the switch itself reports for the port.
    this.reconciler.poke(switchId);
    return { switchId, side, port, marked: false };
  }

  @Post('cubes/:cube/replace')
  @OpensOperation()
  @Roles('operator')
  @HttpCode(202)
  @ApiResponse({ status: 202, description: 'The repair plan and the staged operation applying it', schema: openApiSchema(IntentRunSchema) })
  @ApiResponse({ status: 409, description: 'FABRIC_SPEC_MISSING: PUT /v1/fabric first' })
  @ApiResponse({ status: 422, description: 'INTENT_INFEASIBLE: no plan fits (e.g. no spare); `rule` names the rule' })
  @ApiOperation({ summary: 'Replace a failed cube by a spare: 2 cross-connects per OCS, the lower bound' })
  replaceCube(
    @PathParam('cube', CubeIdSchema, 'cube-3', 'cube id') cube: string,
    @JsonBody(ReplaceCubeSchema, 'replace request', { example: { spare: 'cube-63' } }) body: z.infer<typeof ReplaceCubeSchema>,
    @Principal() who: Principal,
  ): Promise<IntentRun> {
    this.leadership.requireLeader();
    return this.intents.repair(`replace-${cube}`, { kind: 'repair', failure: { type: 'cube', cube, spare: body.spare } }, fabricWorkBy(who), { kind: 'repair-cube', target: cube });
  }

  @Post('fabric/freeze')
  @Roles('operator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Freeze the fabric: no new operation is accepted (409 FABRIC_FROZEN) until unfrozen; running ones finish' })
  async freeze(@Principal() who: Principal): Promise<{ frozen: true; by: string }> {
    this.leadership.requireLeader();
    await this.state.operations.freeze(who.name);
    return { frozen: true, by: who.name };
  }

  @Post('fabric/unfreeze')
  @Roles('operator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unfreeze the fabric' })
  async unfreeze(): Promise<{ frozen: false }> {
    this.leadership.requireLeader();
    await this.state.operations.unfreeze();
    return { frozen: false };
  }

  @Get('fabric/freeze')
  @Roles('viewer')
  @ApiOperation({ summary: 'Whether the fabric is frozen, by whom and since when' })
  async frozen(): Promise<{ frozen: boolean; by?: string; at?: number }> {
    const f = await this.state.operations.frozen();
    return f ? { frozen: true, ...f } : { frozen: false };
  }

  @Post('switches/:switchId/reconcile')
  @OpensOperation()
  @Roles('operator')
  @HttpCode(200)
  @ApiOperation({ summary: "Reconcile one switch now: compare its actual cross-connects with the desired ones and repair or alarm" })
  async reconcile(@PathParam('switchId', SwitchIdSchema, 'ocs-1') switchId: string): Promise<{ switchId: string; result: string }> {
    this.leadership.requireLeader();
    this.requireSwitch(switchId);
    return { switchId, result: await this.reconciler.reconcile(switchId) };
  }

  private requirePort(switchId: string, side: 'north' | 'south', port: number): void {
    this.requireSwitch(switchId);
    const sw = this.graph.getSwitch(switchId)!;
    const max = side === 'north' ? sw.northPorts : sw.southPorts;
    if (port > max) throw invalidRequest('PORT_OUT_OF_RANGE', `${side} port ${port} does not exist on switch ${switchId}, which has ${side} ports 1..${max}`);
  }

  private requireSwitch(switchId: string): void {
    if (!this.graph.getSwitch(switchId)) {
      throw notFound('SWITCH_NOT_FOUND', `switch ${switchId} is not registered: list known switches with GET /v1/switches`);
    }
  }
}
