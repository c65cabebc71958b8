import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  CreateCrossConnectsBodySchema,
  createCrossConnectsSchemaFor,
  DeleteCrossConnectsBodySchema,
  OperationSchema,
  PortNumberSchema,
  SwitchIdSchema,
  type CreateCrossConnectsBody,
  type DeleteCrossConnectsBody,
  type Operation,
} from '@lightpath/contracts';
import type { FabricState } from '@lightpath/state';
import type { Response } from 'express';
import { z } from 'zod';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { ORCH_CONFIG, type OrchestratorConfig } from '../config/orchestrator.config';
import { notFound } from '../http/api-errors';
import { openApiSchema } from '../http/openapi-schema';
import { ZodPipe } from '../http/zod-body.pipe';
import { OperationsService } from '../operations/operations.service';
import { STATE } from '../orchestrator.tokens';
import { FabricGraph } from './fabric-graph';
import { pendingPorts, summarize, withOwner, type PortMap, type SwitchSummary } from './switch-view';

const SwitchIdPipe = new ZodPipe(SwitchIdSchema, 'switch id');
const NorthPipe = new ZodPipe(z.coerce.number().pipe(PortNumberSchema), 'north port');

@ApiTags('switches')
@Controller('v1/switches')
export class SwitchesController {
  constructor(
    @Inject(ORCH_CONFIG) private readonly config: OrchestratorConfig,
    @Inject(STATE) private readonly state: FabricState,
    private readonly graph: FabricGraph,
    private readonly operations: OperationsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List registered switches with their size, reachability and cross-connect count' })
  list(): { switches: SwitchSummary[] } {
    const now = Date.now();
    return {
      switches: this.graph.switchIds().map((id) => {
        const record = this.graph.getSwitch(id)!;
        return summarize(record, this.graph.crossConnects(id).length, now, this.config.SWITCH_STALE_MS);
      }),
    };
  }

  @Get(':switchId')
  @ApiOperation({ summary: "One switch's port map: active cross-connects with insertion loss, desired, pending, unhealthy ports; every circuit with its owner" })
  @ApiParam({ name: 'switchId', example: 'ocs-1' })
  async get(@Param('switchId', SwitchIdPipe) switchId: string): Promise<PortMap> {
    const record = this.graph.getSwitch(switchId);
    if (!record) throw notFound('SWITCH_NOT_FOUND', `switch ${switchId} is not registered: list known switches with GET /v1/switches`);
    const active = this.graph.crossConnects(switchId);
    const [desired, pending, owners] = await Promise.all([
      this.state.operations.desired(switchId),
      this.state.operations.pending(switchId),
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

  @Post(':switchId/cross-connects')
  @Roles('operator')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Create one cross-connect or a batch on one switch',
    description:
      'Every pair is checked (switch known and reachable, ports in range, healthy and free) before anything changes. ' +
      'Answers 202 with an operation to poll at /v1/operations/{id} until it succeeds or fails.',
  })
  @ApiParam({ name: 'switchId', example: 'ocs-1' })
  @ApiBody({ schema: openApiSchema(CreateCrossConnectsBodySchema, { crossConnects: [{ north: 1, south: 5 }, { north: 2, south: 6 }] }) })
  @ApiResponse({ status: 202, description: 'Accepted: the operation', schema: openApiSchema(OperationSchema) })
  @ApiResponse({ status: 400, description: 'Malformed JSON, invalid pair, port out of range' })
  @ApiResponse({ status: 404, description: 'Unknown switch' })
  @ApiResponse({ status: 409, description: 'Port busy, held by an operation in flight, or failed' })
  async create(
    @Param('switchId', SwitchIdPipe) switchId: string,
    @Body(new ZodPipe(CreateCrossConnectsBodySchema, 'cross-connect request', createCrossConnectsSchemaFor)) body: CreateCrossConnectsBody,
    @Principal() who: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Operation> {
    const pairs = 'crossConnects' in body ? body.crossConnects : [body];
    const op = await this.operations.connect(switchId, pairs, who.name);
    res.location(`/v1/operations/${op.id}`);
    return op;
  }

  @Delete(':switchId/cross-connects/:north')
  @Roles('operator')
  @HttpCode(202)
  @ApiOperation({ summary: 'Delete the cross-connect on one north port' })
  @ApiParam({ name: 'switchId', example: 'ocs-1' })
  @ApiParam({ name: 'north', example: 1 })
  @ApiResponse({ status: 202, description: 'Accepted: the operation', schema: openApiSchema(OperationSchema) })
  async deleteOne(
    @Param('switchId', SwitchIdPipe) switchId: string,
    @Param('north', NorthPipe) north: number,
    @Principal() who: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Operation> {
    const op = await this.operations.disconnect(switchId, [north], who.name);
    res.location(`/v1/operations/${op.id}`);
    return op;
  }

  @Post(':switchId/cross-connects/delete')
  @Roles('operator')
  @HttpCode(202)
  @ApiOperation({ summary: 'Delete a batch of cross-connects on one switch, named by their north ports' })
  @ApiParam({ name: 'switchId', example: 'ocs-1' })
  @ApiBody({ schema: openApiSchema(DeleteCrossConnectsBodySchema, { norths: [1, 2] }) })
  @ApiResponse({ status: 202, description: 'Accepted: the operation', schema: openApiSchema(OperationSchema) })
  async deleteBatch(
    @Param('switchId', SwitchIdPipe) switchId: string,
    @Body(new ZodPipe(DeleteCrossConnectsBodySchema, 'delete request')) body: DeleteCrossConnectsBody,
    @Principal() who: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Operation> {
    const op = await this.operations.disconnect(switchId, body.norths, who.name);
    res.location(`/v1/operations/${op.id}`);
    return op;
  }
}
